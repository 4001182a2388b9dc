"""法律顾问: legal advisers and government lawyers engaged by each org — the template registry."""
