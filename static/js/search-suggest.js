/*
 * Search suggestions: turns every <input data-search-suggest="/search/suggest/"> into an
 * ARIA 1.2 combobox with a listbox popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/).
 *
 * - Type 2+ characters: suggestions (title + kind) load from the JSON endpoint.
 * - Down/Up arrows move through them (aria-activedescendant keeps focus in the input),
 *   Enter opens the highlighted suggestion, Escape closes the list (or clears the input when
 *   it is already closed). Without a highlighted suggestion Enter submits the form as usual.
 * - A polite live region announces how many suggestions there are.
 * - data-suggest-kind="trainings" (or "employers", ...) limits suggestions to one kind.
 * Without JavaScript the input is a plain search field in a normal GET form.
 */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 200;
  var instances = 0;

  function Combobox(input) {
    instances += 1;
    this.input = input;
    this.endpoint = input.getAttribute("data-search-suggest");
    this.kind = input.getAttribute("data-suggest-kind") || "";
    // The words it announces, in the page's language (templates/search/includes/search_form.html).
    this.text = {
      label: input.getAttribute("data-suggest-text-label") || "Suggestions:",
      none: input.getAttribute("data-suggest-text-none") || "No suggestions.",
      one: input.getAttribute("data-suggest-text-one") ||
        "1 suggestion available. Use the up and down arrow keys to review, Enter to open.",
      many: input.getAttribute("data-suggest-text-many") ||
        "{count} suggestions available. Use the up and down arrow keys to review, Enter to open."
    };
    this.idBase = (input.id || "search-suggest-" + instances) + "-suggestions";
    this.options = [];
    this.activeIndex = -1;
    this.timer = null;
    this.controller = null;
    this.lastQuery = null;

    var wrapper = document.createElement("div");
    wrapper.className = "search-suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    this.listbox = document.createElement("ul");
    this.listbox.id = this.idBase;
    this.listbox.className = "search-suggest__list";
    this.listbox.setAttribute("role", "listbox");
    var label = input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "Search";
    this.listbox.setAttribute("aria-label", this.text.label + " " + label);
    this.listbox.hidden = true;
    wrapper.appendChild(this.listbox);

    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.status.setAttribute("aria-atomic", "true");
    wrapper.appendChild(this.status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);
    input.setAttribute("autocomplete", "off");

    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKeyDown.bind(this));
    input.addEventListener("blur", this.close.bind(this));
    // Keep focus in the input while choosing with the pointer.
    this.listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    this.listbox.addEventListener("click", this.onClick.bind(this));
  }

  Combobox.prototype.onInput = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var query = this.input.value.trim();
    if (query.length < MIN_LENGTH) {
      this.lastQuery = null;
      this.render([]);
      this.announce("");
      return;
    }
    this.timer = window.setTimeout(function () {
      self.fetch(query);
    }, DELAY_MS);
  };

  Combobox.prototype.fetch = function (query) {
    var self = this;
    if (query === this.lastQuery) {
      this.open();
      return;
    }
    if (this.controller) {
      this.controller.abort();
    }
    this.controller = "AbortController" in window ? new AbortController() : null;
    var url = this.endpoint + "?q=" + encodeURIComponent(query);
    if (this.kind) {
      url += "&kind=" + encodeURIComponent(this.kind);
    }
    window
      .fetch(url, {
        headers: { Accept: "application/json" },
        signal: this.controller ? this.controller.signal : undefined,
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("Suggestions unavailable");
        }
        return response.json();
      })
      .then(function (data) {
        // Ignore answers to what the visitor has since changed.
        if (self.input.value.trim() !== query) {
          return;
        }
        self.lastQuery = query;
        self.render(data.results || []);
        var count = self.options.length;
        self.announce(
          count === 0 ? self.text.none : count === 1 ? self.text.one : self.text.many.replace("{count}", count)
        );
      })
      .catch(function () {
        // Suggestions are an extra: on any failure the plain form still works.
      });
  };

  Combobox.prototype.render = function (results) {
    var self = this;
    this.listbox.textContent = "";
    this.options = results.map(function (result, index) {
      var option = document.createElement("li");
      option.id = self.idBase + "-" + index;
      option.className = "search-suggest__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-url", result.url);
      var title = document.createElement("span");
      title.className = "search-suggest__title";
      title.textContent = result.title;
      var kind = document.createElement("span");
      kind.className = "search-suggest__kind";
      kind.textContent = result.kind;
      option.appendChild(title);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(kind);
      self.listbox.appendChild(option);
      return option;
    });
    this.activeIndex = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (this.options.length) {
      this.open();
    } else {
      this.close();
    }
  };

  Combobox.prototype.open = function () {
    if (!this.options.length) {
      return;
    }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.setActive(-1);
  };

  Combobox.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Combobox.prototype.setActive = function (index) {
    if (this.activeIndex >= 0 && this.options[this.activeIndex]) {
      this.options[this.activeIndex].setAttribute("aria-selected", "false");
    }
    this.activeIndex = index;
    if (index >= 0 && this.options[index]) {
      var option = this.options[index];
      option.setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", option.id);
      if (option.scrollIntoView) {
        option.scrollIntoView({ block: "nearest" });
      }
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Combobox.prototype.move = function (step) {
    if (!this.options.length) {
      return;
    }
    if (!this.isOpen()) {
      this.open();
      this.setActive(step > 0 ? 0 : this.options.length - 1);
      return;
    }
    var count = this.options.length;
    var next = this.activeIndex + step;
    if (next < 0) {
      next = count - 1;
    } else if (next >= count) {
      next = 0;
    }
    this.setActive(next);
  };

  Combobox.prototype.go = function (option) {
    var url = option.getAttribute("data-url");
    if (url) {
      window.location.assign(url);
    }
  };

  Combobox.prototype.onKeyDown = function (event) {
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        if (this.options.length) {
          event.preventDefault();
          this.move(1);
        }
        break;
      case "ArrowUp":
      case "Up":
        if (this.options.length) {
          event.preventDefault();
          this.move(-1);
        }
        break;
      case "Enter":
        if (this.isOpen() && this.activeIndex >= 0) {
          event.preventDefault();
          this.go(this.options[this.activeIndex]);
        }
        break;
      case "Escape":
      case "Esc":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          this.lastQuery = null;
          this.render([]);
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.onClick = function (event) {
    var option = event.target.closest ? event.target.closest("[role=option]") : null;
    if (option) {
      this.go(option);
    }
  };

  Combobox.prototype.announce = function (message) {
    this.status.textContent = message;
  };

  function init() {
    var inputs = document.querySelectorAll("input[data-search-suggest]");
    for (var i = 0; i < inputs.length; i += 1) {
      if (!inputs[i].hasAttribute("data-search-suggest-ready") && "fetch" in window) {
        inputs[i].setAttribute("data-search-suggest-ready", "");
        new Combobox(inputs[i]);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
