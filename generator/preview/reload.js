/* Served by `joinedup serve` only, never published: reloads the page when the preview has been
 * rebuilt. It asks the preview server for news; the server answers when the site's version
 * moves past the one this page was served with (or after a while, and it asks again). */
const script = document.querySelector('script[src$="/__preview__/reload.js"]');
const version = Number(script.dataset.version);

async function waitForNews() {
  for (;;) {
    try {
      const response = await fetch("/__preview__/news?since=" + version, { cache: "no-store" });
      const news = await response.json();
      if (news.version > version) {
        window.location.reload();
        return;
      }
    } catch (error) {
      // the preview is restarting or stopped: ask again in a moment
      await new Promise((resolve) => window.setTimeout(resolve, 2000));
    }
  }
}

waitForNews();
