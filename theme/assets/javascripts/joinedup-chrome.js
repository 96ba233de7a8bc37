/* Joined Up page chrome, on every page: the menu drawer, the skip link, heading permalinks and
 * keyboard scrolling of wide tables.
 *
 * Below 1220 px the section navigation is a drawer opened by the header's menu button. Closed,
 * it is hidden and inert, so Tab never reaches a link that is off screen. Open, it acts as a modal
 * dialog: the rest of the page is inert, focus moves to its close button and Tab goes round
 * within it; Escape, the close button or a click beside it closes it and puts focus back on the
 * menu button.
 *
 * It also starts the shortlist's controls (joinedup-shortlist.js): the "Add to shortlist"
 * buttons and the header's count.
 */
import { startShortlistControls } from "./joinedup-shortlist.js";

const WIDE = window.matchMedia("(min-width: 76.25em)");

const drawer = document.getElementById("ju-drawer");
const menuButton = document.querySelector(".ju-menu");
const closeButton = drawer && drawer.querySelector(".ju-drawer__close");
const overlay = document.querySelector(".ju-overlay");

/* Everything outside the drawer: each sibling of the drawer and of each of its ancestors. */
function outsideDrawer() {
  const outside = [];
  for (let node = drawer; node && node !== document.body; node = node.parentElement) {
    for (const sibling of node.parentElement.children) {
      if (sibling !== node && sibling !== overlay && sibling.tagName !== "SCRIPT") outside.push(sibling);
    }
  }
  return outside;
}

function isOpen() {
  return menuButton.getAttribute("aria-expanded") === "true";
}

function setOpen(open) {
  menuButton.setAttribute("aria-expanded", String(open));
  document.documentElement.classList.toggle("ju-drawer-open", open);
  overlay.hidden = !open;
  for (const element of outsideDrawer()) element.inert = open;
  drawer.inert = !open && !WIDE.matches;
}

/* Tab from the last link goes round to the close button (and Shift+Tab the other way), so
 * focus never leaves the open drawer for the inert page behind it. */
function keepFocusInDrawer(event) {
  const stops = drawer.querySelectorAll("a[href], button");
  const first = stops[0];
  const last = stops[stops.length - 1];
  const wrapTo = event.shiftKey
    ? (document.activeElement === first || !drawer.contains(document.activeElement)) && last
    : (document.activeElement === last || !drawer.contains(document.activeElement)) && first;
  if (wrapTo) {
    event.preventDefault();
    wrapTo.focus();
  }
}

function openDrawer() {
  setOpen(true);
  closeButton.focus();
}

function closeDrawer() {
  setOpen(false);
  menuButton.focus();
}

if (drawer && menuButton && closeButton && overlay) {
  setOpen(false);
  menuButton.addEventListener("click", () => (isOpen() ? closeDrawer() : openDrawer()));
  closeButton.addEventListener("click", closeDrawer);
  overlay.addEventListener("click", closeDrawer);
  document.addEventListener("keydown", (event) => {
    if (!isOpen()) return;
    if (event.key === "Escape") {
      event.preventDefault();
      closeDrawer();
    } else if (event.key === "Tab") {
      keepFocusInDrawer(event);
    }
  });
  // Widening the window (or zooming out) turns the drawer into the sidebar: nothing is inert.
  WIDE.addEventListener("change", () => setOpen(false));
}

/* The skip link's target, the page's H1, takes focus when the link is followed, so the next
 * Tab goes on from the article rather than from the top. */
const skip = document.querySelector(".md-skip");
const skipTarget = skip && document.getElementById(decodeURIComponent(skip.hash.slice(1)));
if (skipTarget && !skipTarget.hasAttribute("tabindex")) skipTarget.tabIndex = -1;

/* A permalink beside every heading would be a Tab stop per heading. They stay for the mouse
 * (shown on hover); the table of contents links to the same sections. */
for (const permalink of document.querySelectorAll(".md-typeset .headerlink")) permalink.tabIndex = -1;

/* On a phone a wide table scrolls within itself (see joinedup.css). One with no link in it
 * takes focus itself, so that the keyboard can scroll it too. */
const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

function letKeyboardScrollTables() {
  for (const table of document.querySelectorAll(".md-typeset table")) {
    const scrolls = table.scrollWidth > table.clientWidth + 1;
    if (scrolls && !table.querySelector(FOCUSABLE)) table.tabIndex = 0;
    else if (!scrolls && table.tabIndex === 0) table.removeAttribute("tabindex");
  }
}

letKeyboardScrollTables();
let pendingTableCheck = 0;
window.addEventListener("resize", () => {
  cancelAnimationFrame(pendingTableCheck);
  pendingTableCheck = requestAnimationFrame(letKeyboardScrollTables);
});
startShortlistControls();

/* On paper a link shows where it leads only if it leaves the site, and then briefly: the host
 * and path, cut to PRINTED_ADDRESS characters; a link whose text is its address shows nothing. */
const PRINTED_ADDRESS = 40;
window.addEventListener("beforeprint", () => {
  for (const link of document.querySelectorAll(".md-typeset a[href^='http']")) {
    const url = new URL(link.href);
    if (url.origin === window.location.origin) continue;
    let short = (url.host + url.pathname).replace(/^www\./, "").replace(/\/$/, "");
    if (short.length > PRINTED_ADDRESS) short = short.slice(0, PRINTED_ADDRESS - 1) + "…";
    link.dataset.printHref = link.textContent.includes(url.host) ? "" : short;
  }
});
