"""The JSON API under /api/v1: OpenAPI 3.1 from the code (flask-smorest), personal access
tokens, RFC 9457 problem details for every error, cursors for long lists.

The API sits above every domain and calls their services and rules, so it answers and refuses
as the pages do. `setup.py` wires it (one list of resource blueprints); `auth.requires` declares
and checks who may call an operation; `problems` shapes every error; `forms.validated` runs a
page's own form over a JSON body; `pagination` pages a list with opaque cursors. One module per
resource group (`public`, `films`, `disclosures`, `submissions`, `uploads`) holds its schemas'
use and its thin views."""

API_PREFIX = "/api/v1"
