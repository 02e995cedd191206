from .models import Company, Membership


def company_for_user(user) -> Company | None:
    """The company a logged-in user works for, read fresh (a block or disable applies at once)."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = Membership.objects.select_related("company").filter(user_id=user.pk).first()
    return membership.company if membership else None
