"""The AI disclosure of a film: per-element extent, tools, timecoded segments, consents and
attestations; its validation, its share of runtime and its IPTC digital-source-type summary."""
