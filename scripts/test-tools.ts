#!/usr/bin/env bun
/**
 * Installs the system tools only the tests need, run by `npm test`'s setup (scripts/setup.mjs
 * --test): poppler-utils (pdftotext, pdfinfo, pdfimages), with which the report tests read PDFs
 * back. As root with apt-get it installs them (BINVENTORY_AUTO_APT=0 turns that off, as for the
 * plugin toolchains); otherwise it says what to install. Never fails the setup: the tests that need
 * a missing tool fail with their own message.
 */
import { aptInstall, autoApt } from "../plugin-sdk/cli/toolchains.ts";

const say = (line: string) => process.stderr.write(`[setup] ${line}\n`);

if (!Bun.which("pdftotext")) {
  const aptGet = autoApt();
  if (!aptGet) say("pdftotext is missing: install the Debian package poppler-utils for the PDF report tests");
  else if (!aptInstall(aptGet, ["poppler-utils"], say)) say("apt-get install poppler-utils failed: the PDF report tests will fail");
}
