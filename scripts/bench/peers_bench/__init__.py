"""The Python peers of the house-prices benchmark, run live beside our environments
(scripts/bench/peers, docs/peers.md)."""
