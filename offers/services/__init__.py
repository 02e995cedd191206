"""Every write about offers, by noun: one offer (offers), a company and its offers (moderation), the sweep (sweep);
shared lookups (shared). Callers import the submodule they need."""
