"""The AI disclosure of a film: per-element extent, tools, timecoded segments, consents and
attestations; its validation, its share of runtime and its IPTC digital-source-type summary.

`rules.edit_lock` is the model of a predicate that returns a reason or None.
CONTRIBUTING.md lists the one way each recurring thing is done."""
