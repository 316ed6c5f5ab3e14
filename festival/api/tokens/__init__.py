"""Personal access tokens: a user makes, names, scopes and revokes them on their account
page; the API authenticates a call by one (`festival.api.auth`). The secret is shown once and
only its SHA-256 is stored."""
