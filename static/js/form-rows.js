// Rows of a form list (WTForms FieldList) copied in the browser: each field of row n is named
// `<prefix>-<n>-<field>`, so a copied row takes the next free number in every attribute.
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The number after the highest row number in `list`.
export function nextIndex(list, prefix) {
  const pattern = new RegExp("^" + escapeRegExp(prefix) + "-(\\d+)-");
  let highest = -1;
  list.querySelectorAll("[name]").forEach((input) => {
    const match = pattern.exec(input.name);
    if (match) highest = Math.max(highest, parseInt(match[1], 10));
  });
  return highest + 1;
}

// Give every name, id, label and description reference in `row` the row number `index`.
export function renumber(row, prefix, index) {
  const pattern = new RegExp(escapeRegExp(prefix) + "-\\d+-", "g");
  const replacement = prefix + "-" + index + "-";
  row.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach((element) => {
    ["id", "name", "for", "aria-describedby"].forEach((attribute) => {
      const value = element.getAttribute(attribute);
      if (value) element.setAttribute(attribute, value.replace(pattern, replacement));
    });
  });
}
