// aws-local-stepfunctions uses Promise.withResolvers (Node 22); Node 20 lacks it (../shared/TESTING.md).
const P = Promise as unknown as { withResolvers?: () => unknown };
if (typeof P.withResolvers !== "function") {
  P.withResolvers = () => {
    let resolve!: (value: unknown) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
