"""The built-in Kabupaten Blora sample and the default vocabulary every database gets."""

from planner.sample.blora import SampleSummary, load_blora
from planner.sample.vocabulary import seed_vocabulary

__all__ = ["SampleSummary", "load_blora", "seed_vocabulary"]
