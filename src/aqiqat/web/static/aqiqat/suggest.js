// The interview form's helpers: persons already recorded under a similar name, shown while
// the name is typed. Without this
// script the form still saves; the interview then starts a new person, which linkage can
// join to an existing one later.
(function () {
  "use strict";

  var box = document.getElementById("person-suggest");
  var form = box && box.closest("form");
  if (!form) {
    return;
  }
  var nameInput = form.querySelector("#id_full_name");
  var birthInput = form.querySelector("#id_birth_date");
  var personInput = form.querySelector("#id_person_id");
  var picked = document.getElementById("picked");
  var pickedName = document.getElementById("picked-name");
  var latinLine = document.getElementById("name-latin");
  var MIN_LENGTH = 3;
  var DELAY_MS = 250;
  var timer = null;
  var asked = 0;

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function bornYear() {
    var found = /(1[89]\d\d|20\d\d)/.exec(birthInput.value);
    return found ? found[1] : "";
  }

  function pick(result) {
    personInput.value = result.id;
    pickedName.textContent = result.name + " ";
    pickedName.appendChild(element("span", result.latin, "latin"));
    pickedName.href = result.url;
    picked.hidden = false;
    box.hidden = true;
  }

  function describe(result) {
    var item = element("li");
    var who = element("span", result.name, "suggest-name");
    who.appendChild(element("span", result.latin, "latin"));
    item.appendChild(who);
    var facts = [];
    if (result.born) {
      facts.push(box.dataset.born + " " + result.born);
    }
    facts.push(result.status);
    item.appendChild(element("span", facts.join(" · "), "suggest-facts"));
    var button = element("button", box.dataset.pick);
    button.type = "button";
    button.addEventListener("click", function () {
      pick(result);
    });
    item.appendChild(button);
    return item;
  }

  function show(data) {
    var latin = data.query_latin;
    latinLine.hidden = !latin || latin === nameInput.value.trim();
    latinLine.textContent = box.dataset.latin + " " + latin;
    box.replaceChildren();
    if (!data.results.length || personInput.value) {
      box.hidden = true;
      return;
    }
    box.appendChild(element("p", box.dataset.heading, "suggest-heading"));
    var list = element("ul");
    data.results.forEach(function (result) {
      list.appendChild(describe(result));
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function lookUp() {
    var query = nameInput.value.trim();
    if (query.length < MIN_LENGTH) {
      box.hidden = true;
      latinLine.hidden = true;
      return;
    }
    var number = ++asked;
    var url = box.dataset.url + "?" + new URLSearchParams({ q: query, born: bornYear() });
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        // Answers can arrive out of order; only the one for the latest text counts.
        if (data && number === asked) {
          show(data);
        }
      })
      .catch(function () {
        box.hidden = true;
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, DELAY_MS);
  }

  nameInput.addEventListener("input", later);
  birthInput.addEventListener("change", later);
  document.getElementById("unpick").addEventListener("click", function () {
    personInput.value = "";
    picked.hidden = true;
    lookUp();
  });

  if (nameInput.value.trim() && !personInput.value) {
    lookUp();
  }
})();
