// Loaded by Kit 3 before any application code when the app runs as `node build` (adapter-node's
// index.js). Under the main process (`npm start`, web/serve.ts) engine/src/main.ts checks too.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Node ${process.version} is not supported: the CMZ web app needs Node 24. ` +
      'Start it with `npm start` (or `npx node web/build`), which use the Node 24 pinned in node_modules.',
  );
  process.exit(1);
}
