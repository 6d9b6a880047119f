/**
 * Preloaded (`node -r`) by test/package/optional-peers.test.ts: this process resolves the Azure
 * provider packages of both engines from an empty directory, so Node itself throws its real
 * MODULE_NOT_FOUND for them, as in an app that installed only @cdktf/provider-aws.
 */
'use strict';
const Module = require('module');
const os = require('os');
const fs = require('fs');
const path = require('path');

const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-no-azurerm-'));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
  if (/^@cdkt[fn]\/provider-azurerm(\/|$)/.test(request)) return resolve.call(this, request, parent, isMain, { ...options, paths: [empty] });
  return resolve.call(this, request, parent, isMain, options);
};
