// The page's CSRF token (the csrf-token meta tag), for requests sent from JavaScript.
export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}
