"""Record matching and merge-purge: normalise, block, compare, score, cluster, survive.

The texts' goal is one integrated view of each customer; the obstacle is duplicates within a
database and across merged lists, with two errors to avoid (L5158–5173): removing a record
that should stay (household members, residents of unnumbered apartments) and keeping one that
should go (the same person filed as "Mr" and as "Dr").

:func:`dedupe` and :func:`link` run end to end (matching keys, blocking, a Fellegi–Sunter
model trained without labels, vetoes for households, clusters that resist chaining,
one-to-one linking), with :func:`merge` for golden records and :func:`evaluate` for quality;
:class:`MatchIndex` places new records incrementally with stable cluster ids. How well it
does on generated data, and where it falls short, is in the docs' performance page.

>>> from crmkit.identity import double_metaphone, soundex
>>> soundex("Robert"), double_metaphone("Smith")
('R163', ('SM0', 'XMT'))
"""

from __future__ import annotations

from crmkit.identity._blocking import (
    DEFAULT_MAX_BLOCK_SIZE,
    BlockingAnalysis,
    BlockingRule,
    CandidatePairs,
    IndexPairs,
    RuleCount,
    SortedNeighbourhood,
    analyse_blocking,
    candidate_pairs,
    rule_pairs,
)
from crmkit.identity._cluster import ClusterSplit, cluster_pairs
from crmkit.identity._compare import LEVEL_KINDS, Comparison, Level, LevelKind
from crmkit.identity._evaluate import Clustering, MatchMetrics, evaluate
from crmkit.identity._golden import Candidate, FieldProvenance, GoldenRecord
from crmkit.identity._index import (
    DEFAULT_QUERY_LIMIT,
    Assignment,
    ClusterMerge,
    IndexMatch,
    MatchIndex,
)
from crmkit.identity._metrics import (
    BCubedMetrics,
    BlockingMetrics,
    PairMetrics,
    bcubed,
    blocking_metrics,
    cluster_pair_metrics,
    pair_metrics,
    pairs_from_clusters,
)
from crmkit.identity._model import FittedModel, probability
from crmkit.identity._nicknames import are_nickname_variants, canonical_given_names
from crmkit.identity._normalize import CANONICAL_FIELDS, MatchKeys, match_keys
from crmkit.identity._phonetic import double_metaphone, nysiis, soundex
from crmkit.identity._pipeline import (
    Contribution,
    MatchResult,
    MatchStats,
    ScoredPair,
    dedupe,
    link,
)
from crmkit.identity._policy import (
    DECIDED_BY,
    Custom,
    Longest,
    MostComplete,
    MostFrequent,
    MostRecent,
    SourcePriority,
    SurvivorshipPolicy,
    SurvivorshipRule,
)
from crmkit.identity._settings import (
    DEFAULT_MATCH_THRESHOLD,
    DEFAULT_REVIEW_THRESHOLD,
    MatchSettings,
    default_settings,
)
from crmkit.identity._survivorship import merge, merge_clusters
from crmkit.identity._vectors import PairVectors
from crmkit.identity._veto import veto_rule

__all__ = [
    "CANONICAL_FIELDS",
    "DECIDED_BY",
    "DEFAULT_MATCH_THRESHOLD",
    "DEFAULT_MAX_BLOCK_SIZE",
    "DEFAULT_QUERY_LIMIT",
    "DEFAULT_REVIEW_THRESHOLD",
    "LEVEL_KINDS",
    "Assignment",
    "BCubedMetrics",
    "BlockingAnalysis",
    "BlockingMetrics",
    "BlockingRule",
    "Candidate",
    "CandidatePairs",
    "ClusterMerge",
    "ClusterSplit",
    "Clustering",
    "Comparison",
    "Contribution",
    "Custom",
    "FieldProvenance",
    "FittedModel",
    "GoldenRecord",
    "IndexMatch",
    "IndexPairs",
    "Level",
    "LevelKind",
    "Longest",
    "MatchIndex",
    "MatchKeys",
    "MatchMetrics",
    "MatchResult",
    "MatchSettings",
    "MatchStats",
    "MostComplete",
    "MostFrequent",
    "MostRecent",
    "PairMetrics",
    "PairVectors",
    "RuleCount",
    "ScoredPair",
    "SortedNeighbourhood",
    "SourcePriority",
    "SurvivorshipPolicy",
    "SurvivorshipRule",
    "analyse_blocking",
    "are_nickname_variants",
    "bcubed",
    "blocking_metrics",
    "candidate_pairs",
    "canonical_given_names",
    "cluster_pair_metrics",
    "cluster_pairs",
    "dedupe",
    "default_settings",
    "double_metaphone",
    "evaluate",
    "link",
    "match_keys",
    "merge",
    "merge_clusters",
    "nysiis",
    "pair_metrics",
    "pairs_from_clusters",
    "probability",
    "rule_pairs",
    "soundex",
    "veto_rule",
]
