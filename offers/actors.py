"""Who is calling the offers API: anonymous, a company's staff, an admin, or god mode."""

from dataclasses import dataclass

from companies.models import Company


@dataclass(frozen=True)
class Actor:
    kind: str  # "anonymous" | "company" | "admin" | "god"
    user: object | None = None
    company: Company | None = None

    @property
    def is_admin(self) -> bool:
        """Admins and god mode may act on any company."""
        return self.kind in ("admin", "god")

    @property
    def label(self) -> str:
        if self.kind == "god":
            return "god-token"
        return getattr(self.user, "email", "") or getattr(self.user, "username", "") or self.kind

    def owns(self, company_id) -> bool:
        return self.kind == "company" and self.company is not None and self.company.pk == company_id

    def may_see_all_of(self, company_id) -> bool:
        return self.is_admin or self.owns(company_id)


ANONYMOUS = Actor("anonymous")
GOD = Actor("god")
