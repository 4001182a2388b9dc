from fazhi.advisers.tests.factories import LegalAdviserFactory
from fazhi.core.models import Org


def test_x(cast, login):
    r = LegalAdviserFactory(org=Org.objects.get(code="demo-s01"))
    c = login(cast["bureau"])
    resp = c.get(f"/advisers/{r.pk}/")
    print([ (f["label"], f["value"]) for f in resp.context["fields"]])
    c.post(f"/advisers/{r.pk}/edit/", {"org": Org.objects.get(code="demo-s02").pk, "kind": "government_lawyer", "name": r.name, "firm": r.firm, "license_no": r.license_no, "phone": r.phone, "contract_start": "2024-01-01", "contract_end": "2024-12-31", "fee": "70000"})
    resp = c.get(f"/advisers/{r.pk}/history/")
    print(resp.context["entries"])
