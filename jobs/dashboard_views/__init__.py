"""The company dashboard's pages about jobs, their applications and budgets, one module per page family (jobs,
applications, budgets; what they share is in common).

Every view takes the staff member's `company` from @company_staff_required and looks objects up within it,
so another company's job or application is a 404. Every change goes through jobs.services, as the partner
API's do, so both answer with the same rules.
"""
