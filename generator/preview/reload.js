/* Served by `joinedup serve` only, never published: reloads the page when the preview has
 * rebuilt it. It asks the preview server for news of this page; the server answers when a
 * rebuild after the version this page was served with changed it (or the problems every page
 * shows), or after a while, and then it asks again from the newest version. */
const script = document.querySelector('script[src$="/__preview__/reload.js"]');
let version = Number(script.dataset.version);

async function waitForNews() {
  for (;;) {
    try {
      const query = new URLSearchParams({ since: version, page: window.location.pathname });
      const response = await fetch("/__preview__/news?" + query, { cache: "no-store" });
      const news = await response.json();
      if (news.reload) {
        window.location.reload();
        return;
      }
      version = news.version;
    } catch (error) {
      // the preview is restarting or stopped: ask again in a moment
      await new Promise((resolve) => window.setTimeout(resolve, 2000));
    }
  }
}

waitForNews();
