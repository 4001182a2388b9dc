"""The ``fazhi`` console command: Django's management commands under the project's settings.

``fazhi demo``, ``fazhi holidays --year 2026``, ``fazhi import legal_adviser F.xlsx`` … are
management commands; ``python -m fazhi`` and the ``fazhi`` entry point both land here.
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fazhi", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
