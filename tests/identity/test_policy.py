"""Survivorship policy: rules and policies are checked when built, frozen and evolvable.

The rules and the policy live in crmkit.identity._policy; the merge that applies them is
tested in test_survivorship.py.
"""

from __future__ import annotations

import attrs
import pytest

from crmkit import InvalidDefinition
from crmkit.identity._policy import (
    Custom,
    Longest,
    MostRecent,
    SourcePriority,
    SurvivorshipPolicy,
)

# --- policy checks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: SurvivorshipPolicy(default="most_recent"),
            r"'default' must be a survivorship rule .*'most_recent'",
        ),
        (
            lambda: SurvivorshipPolicy(rules={"email": max}),
            r"'rules\['email'\]' must be a survivorship rule",
        ),
        (
            lambda: SurvivorshipPolicy(rules=[("email", Longest()), ("email", MostRecent())]),
            r"'rules' must be a mapping",
        ),
        (lambda: SurvivorshipPolicy(rules={"": Longest()}), r"'rules' keys must be non-empty"),
        (lambda: SurvivorshipPolicy(rules={"id": Longest()}), r"must not name the id field 'id'"),
        (
            lambda: SurvivorshipPolicy(
                source_field=None, rules={"email": SourcePriority(order=("crm",))}
            ),
            r"needs 'source_field'",
        ),
        (
            lambda: SurvivorshipPolicy(timestamp_field=None),
            r"rule MostRecent\(\) for 'default' needs 'timestamp_field'",
        ),
        (
            lambda: SurvivorshipPolicy(source_field="id"),
            r"must differ \(got \['id', 'id', 'updated_at'\]\)",
        ),
        (
            lambda: SurvivorshipPolicy(id_field=""),
            r"'id_field' must be a non-empty field name \(got ''\)",
        ),
        (lambda: SourcePriority(order=()), r"'order' must be a non-empty tuple .*\(got \(\)\)"),
        (lambda: SourcePriority(order=("crm", "crm")), r"distinct source names"),
        (lambda: SourcePriority(order=["crm"]), r"\(got \['crm'\]\)"),
        (lambda: Custom(choose=lambda cs: cs[0], name="longest"), r"not a built-in rule kind"),
        (lambda: Custom(choose=lambda cs: cs[0], name=" "), r"'name' must be a non-empty text"),
        (
            lambda: Custom(choose="first", name="first"),
            r"'choose' must be callable \(got 'first'\)",
        ),
    ],
)
def test_inconsistent_policies_are_refused_when_built(build, message) -> None:
    with pytest.raises(InvalidDefinition, match=message):
        build()


def test_policy_is_frozen_and_changed_with_evolve() -> None:
    policy = SurvivorshipPolicy()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.default = Longest()  # type: ignore[misc]
    changed = attrs.evolve(policy, rules={"email": Longest()})
    assert changed.rule_for("email") == Longest()
    assert policy.rule_for("email") == MostRecent()
