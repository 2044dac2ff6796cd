// The editor's page without a reload: findings and the printed text while typing, saves in place,
// the preview refreshed after each save. The form works without this script: it posts and reloads.
"use strict";
(() => {
  const form = document.getElementById("editor");
  if (!form) return;
  const DEBOUNCE_MS = 300, POLL_MS = 300, POLL_LIMIT_MS = 120000;
  const status = document.getElementById("status");
  const timers = new WeakMap();

  const post = (url, data) => fetch(url, {method: "POST", body: data, credentials: "same-origin",
                                         headers: {Accept: "application/json"}});

  // ---------------------------------------------------------------- live findings
  form.addEventListener("input", (event) => {
    const unit = event.target.closest("fieldset[data-unit]");
    if (!unit) return;
    clearTimeout(timers.get(unit));
    timers.set(unit, setTimeout(() => check(unit), DEBOUNCE_MS));
  });

  async function check(unit) {
    const data = new FormData();
    data.append("csrf", form.elements.csrf.value);
    data.append("unit", unit.dataset.unit);
    for (const field of unit.querySelectorAll("textarea[name], input[name^='amount|'], select[name^='amount|']")) {
      data.append(field.name, field.value);
    }
    const response = await post("/findings", data).catch(() => null);
    if (!response || !response.ok) return;
    const found = await response.json();
    for (const side of unit.querySelectorAll(".side[data-lang]")) {
      side.querySelector(".printed-text").innerHTML = found[side.dataset.lang].printed;  // escaped by the server
      side.querySelector(".findings").innerHTML = found[side.dataset.lang].findings;
    }
    unit.querySelector(".pair-findings").innerHTML = found.pair;
  }

  // ---------------------------------------------------------------- saving
  form.addEventListener("submit", async (event) => {
    const button = event.submitter;
    event.preventDefault();
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    const sent = new FormData(form, button);
    let response;
    try {
      response = await post("/save", sent);
    } catch (error) {  // the editor was stopped: nothing was saved
      status.textContent = form.dataset.unreachable;
      return;
    }
    const result = response.headers.get("Content-Type") === "application/json" ? await response.json() : null;
    clearProblems();
    if (!result) {
      status.textContent = await response.text();
      return;
    }
    if (result.ok && result.reload) {
      reloading = true;
      window.location.assign(result.reload);
      return;
    }
    status.textContent = result.status;
    if (result.ok) {
      keepAsSaved(sent, result.snapshot);
      watchPreview();
    } else {
      showProblems(result.problems);
    }
  });

  // The hidden field that holds what a text or amount field held when the page was loaded, or saved.
  function savedValue(name) {
    const [kind, ...rest] = name.split("|");
    const was = kind === "text" ? "was" : kind === "amount" ? "was-amount" : null;
    return was && form.elements.namedItem([was, ...rest].join("|"));
  }

  // What was sent is now what the page was loaded with: what is typed meanwhile stays a change to save.
  function keepAsSaved(sent, snapshot) {
    if (snapshot) form.elements.snapshot.value = snapshot;
    for (const [name, value] of sent) {
      const hidden = savedValue(name);
      if (hidden) hidden.value = value;
    }
  }

  function unsaved() {
    return [...form.querySelectorAll("[name^='text|'], [name^='amount|']")].some((field) => {
      const hidden = savedValue(field.name);
      return hidden && hidden.value !== field.value;
    });
  }
  let reloading = false;  // after a change of structure, which saved what was typed with it
  window.addEventListener("beforeunload", (event) => {
    if (!reloading && unsaved()) event.preventDefault();  // the browser asks whether to leave them
  });

  // Ctrl+S (⌘S) saves, as in an editor, rather than saving the page as a file.
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      form.requestSubmit(document.querySelector("header button.primary"));
    }
  });

  function clearProblems() {
    for (const error of form.querySelectorAll(".error")) {
      const field = document.getElementById(error.id.replace(/-error$/, ""));
      if (field) {
        field.removeAttribute("aria-invalid");
        const described = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== error.id);
        if (described.length) field.setAttribute("aria-describedby", described.join(" "));
        else field.removeAttribute("aria-describedby");
      }
      error.remove();
    }
  }

  function showProblems(problems) {
    let first = null;
    for (const problem of problems) {
      const field = problem.field && document.getElementById(problem.field);
      if (!field) {
        status.textContent += " " + problem.message;
        continue;
      }
      const error = document.createElement("p");
      error.className = "error";
      error.id = problem.field + "-error";
      error.textContent = problem.message;
      field.insertAdjacentElement("afterend", error);
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + error.id).trim());
      const closed = field.closest("details:not([open])");
      if (closed) closed.open = true;
      first = first || field;
    }
    (first || status).focus();
  }

  // ---------------------------------------------------------------- a new place: a country or a point
  function showPlaceKind(radio) {
    for (const details of radio.closest(".new-place").querySelectorAll(".place-details")) {
      details.hidden = details.dataset.kind !== radio.value;
    }
  }
  for (const radio of form.querySelectorAll(".place-kind input:checked")) showPlaceKind(radio);
  form.addEventListener("change", (event) => {
    if (event.target.matches(".place-kind input")) showPlaceKind(event.target);
  });

  // ---------------------------------------------------------------- preview
  const image = document.getElementById("preview-image");
  const link = document.getElementById("preview-link");
  const previewStatus = document.getElementById("preview-status");
  let shownVersion = Number(image.dataset.version);
  let polling = null;

  function watchPreview() {
    const started = Date.now();
    clearInterval(polling);
    polling = setInterval(async () => {
      const response = await fetch("/preview/state", {credentials: "same-origin"}).catch(() => null);
      if (!response || !response.ok) return;
      const state = await response.json();
      if (state.version > shownVersion) {
        shownVersion = state.version;
        image.src = "/preview.png?v=" + state.version;
        image.alt = state.alt;
        image.hidden = false;
        image.dataset.version = state.version;
        link.href = "/output/" + encodeURIComponent(state.file) + "#page=" + state.page;  // the whole PDF, there
      }
      previewStatus.textContent = state.error || "";
      if ((!state.busy && state.version > 0) || Date.now() - started > POLL_LIMIT_MS) clearInterval(polling);
    }, POLL_MS);
  }
  if (!shownVersion) watchPreview();

  // After a change of structure the page comes back at the item changed: the keyboard goes on from there.
  const changed = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (changed) {
    changed.tabIndex = -1;
    changed.focus();
  }

  const toggle = document.getElementById("preview-toggle");
  function showPreview(shown) {
    document.body.classList.toggle("preview-collapsed", !shown);
    toggle.setAttribute("aria-expanded", String(shown));
    toggle.textContent = shown ? toggle.dataset.hide : toggle.dataset.show;
    localStorage.setItem("affiche-editor-preview", shown ? "shown" : "hidden");
  }
  toggle.hidden = false;
  toggle.addEventListener("click", () => showPreview(toggle.getAttribute("aria-expanded") !== "true"));
  if (localStorage.getItem("affiche-editor-preview") === "hidden") showPreview(false);
})();
