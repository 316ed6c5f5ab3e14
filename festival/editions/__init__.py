"""Festival editions (calls for entries): categories, deadlines and fees, waivers, rules."""
