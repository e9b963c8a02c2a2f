// kg's pages' wording: a message with its {placeholders} filled in from values (one it does not
// name stays as written); a message with a one and an other form is a plural, chosen by values.n.
function kgSay(message, values) {
  values = values || {};
  if (typeof message === "object") { message = values.n === 1 ? message.one : message.other; }
  return message.replace(/\{(\w+)\}/g, function (whole, name) {
    return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
  });
}
