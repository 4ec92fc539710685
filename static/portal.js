// Starts GOV.UK Frontend's components (the error summary's focus, the menu toggle, checkboxes...).
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// The provider picker (portal/forms/providers.py): without JavaScript a text input that the server
// matches against the register; here, alphagov's accessible-autocomplete fed by the providers app's
// JSON endpoint. Its script and styles load only on pages that have a picker.
const pickers = document.querySelectorAll('input[data-module="provider-picker"]');

if (pickers.length) {
  const first = pickers[0];
  const styles = document.createElement("link");
  styles.rel = "stylesheet";
  styles.href = first.dataset.stylesheet;
  document.head.append(styles);
  import(first.dataset.script).then(() => pickers.forEach(enhanceProviderPicker));
}

function textOf(id) {
  const element = id && document.getElementById(id);
  return element ? element.textContent.trim() : "";
}

function providerSource(url) {
  let timer;
  let controller;
  return (query, populateResults) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(`${url}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => populateResults(data.results.map((result) => result.label)))
        .catch(() => {});
    }, 200);
  };
}

function enhanceProviderPicker(input) {
  const container = document.createElement("div");
  container.className = "portal-provider-picker";
  input.before(container);
  // The hint and error the input pointed at are read with the autocomplete's own assistive hint.
  const described = (input.getAttribute("aria-describedby") || "").split(" ").map(textOf).join(" ");
  const { id, name, value } = input;
  const hasError = input.classList.contains("govuk-input--error");
  input.remove();
  window.accessibleAutocomplete({
    element: container,
    id,
    name,
    defaultValue: value,
    minLength: 2,
    confirmOnBlur: false,
    showNoOptionsFound: true,
    inputClasses: hasError ? "govuk-input--error" : null,
    source: providerSource(input.dataset.source),
    tNoResults: () => "No provider found: type more of the name, or the Companies House or charity number",
    tAssistiveHint: () =>
      `${described} When suggestions are available use up and down arrows to review and enter to select.`.trim(),
  });
}
