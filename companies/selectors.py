from .models import Company


def company_for_user(user) -> Company | None:
    membership = getattr(user, "membership", None) if getattr(user, "is_authenticated", False) else None
    return membership.company if membership else None
