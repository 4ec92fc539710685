// Starts GOV.UK Frontend's components (the error summary's focus, the menu toggle, checkboxes...).
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();
