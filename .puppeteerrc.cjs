/**
 * Puppeteer (pulled in by whatsapp-web.js) must never download a browser:
 * there is no internet here and npm would roll back the whole install.
 * It uses the system Chromium instead.
 */
module.exports = {
  skipDownload: true,
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
};
