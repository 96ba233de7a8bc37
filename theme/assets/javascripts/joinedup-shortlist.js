/* Joined Up shortlist: the practice examples a reader has put aside, kept in this browser's
 * storage (nothing is sent anywhere). This module keeps the list and runs the controls every
 * page may have: the "Add to shortlist" buttons and the count beside the header's Shortlist
 * link. The chrome module starts it on every page; the shortlist and compare pages import it.
 *
 * Each button is in the page hidden, and shown here: without this script there is no control
 * that does nothing.
 */
import { announce, loadStored, saveStored } from "./joinedup-common.js";

const KEY = "joinedup:shortlist";
// A board pack, not a database: beyond this the list stops taking more.
export const MAX_SHORTLIST = 50;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/* A shortlist is a list of distinct example ids; anything else stored under the key (or in a
 * shared link) is not one, and counts as an empty list. */
export function isShortlist(value) {
  return (
    Array.isArray(value) &&
    value.length <= MAX_SHORTLIST &&
    value.every(function (id, i) {
      return typeof id === "string" && id.length <= 80 && ID.test(id) && value.indexOf(id) === i;
    })
  );
}

export function loadShortlist() {
  return loadStored(KEY, isShortlist, []);
}

export function saveShortlist(ids) {
  saveStored(KEY, ids);
  refresh();
}

/* The ids a shared link carries (?ids=a,b,c), or null when it carries none or a damaged list. */
export function sharedIds(search) {
  const value = new URLSearchParams(search).get("ids");
  if (value === null) return null;
  const ids = value.split(",").filter(Boolean);
  return isShortlist(ids) ? ids : null;
}

function toggle(id) {
  const ids = loadShortlist();
  const at = ids.indexOf(id);
  if (at >= 0) ids.splice(at, 1);
  else if (ids.length < MAX_SHORTLIST) ids.push(id);
  else return "Your shortlist is full (" + MAX_SHORTLIST + " examples); remove one first.";
  saveShortlist(ids);
  return at >= 0 ? "Removed from your shortlist." : "Added to your shortlist (" + ids.length + " in all).";
}

/* An "Add to shortlist" button for the example ``id``, with the status line that says what
 * it did; for lists a script makes (search results). */
export function shortlistControl(id, title) {
  const wrapper = document.createElement("span");
  wrapper.className = "ju-shortlist-control";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button ju-shortlist-toggle";
  button.dataset.shortlistId = id;
  if (title) button.dataset.shortlistTitle = title;
  const status = document.createElement("span");
  status.className = "ju-shortlist-control__status";
  status.setAttribute("role", "status");
  wrapper.append(button, status);
  wire(button);
  return wrapper;
}

function wire(button) {
  if (button.dataset.wired) return;
  button.dataset.wired = "true";
  button.hidden = false;
  show(button);
  button.addEventListener("click", function () {
    const message = toggle(button.dataset.shortlistId);
    const status = button.parentElement.querySelector(".ju-shortlist-control__status");
    if (status) announce(status, message);
  });
}

/* The button names what it will do: add, or (once added) remove. */
function show(button) {
  const listed = loadShortlist().indexOf(button.dataset.shortlistId) >= 0;
  const title = button.dataset.shortlistTitle;
  button.textContent = listed ? "Remove from shortlist" : "Add to shortlist";
  if (title) button.setAttribute("aria-label", (listed ? "Remove from shortlist: " : "Add to shortlist: ") + title);
}

/* Show the count and every button as the stored list now stands. */
export function refresh() {
  const count = loadShortlist().length;
  document.querySelectorAll("[data-ju-shortlist-count]").forEach(function (element) {
    element.textContent = "(" + count + ")";
    element.hidden = false;
  });
  document.querySelectorAll(".ju-shortlist-toggle").forEach(show);
}

export function startShortlistControls() {
  document.querySelectorAll(".ju-shortlist-toggle").forEach(wire);
  refresh();
  // another tab changed the list
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) refresh();
  });
}
