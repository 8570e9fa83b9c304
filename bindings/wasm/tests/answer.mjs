// Answers calls read from standard input, for the Python binding's parity test
// (bindings/python/tests/test_parity.py): a JSON array of
// {"call": "check" | "checkPassword" | "explain" | "generate", "options", "input"?, "password"?, "callOptions"?}
// gives a JSON array of answers, or {"error": {"name", "message"}}.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const cvm = createRequire(import.meta.url)('../pkg');
const calls = JSON.parse(readFileSync(0, 'utf8'));
const answers = calls.map(({ call, options, input, password, callOptions }) => {
  try {
    switch (call) {
      case 'check': return cvm.check(input, options);
      case 'validatorCheck': return new cvm.Validator(options).check(input, callOptions);
      case 'checkPassword': return new cvm.Validator(options).checkPassword(password, callOptions);
      case 'explain': return cvm.explain(options);
      case 'generate': { const g = cvm.generate(options); return { ...g, passwords: g.passwords.length }; }
      default: throw new Error(`unknown call ${call}`);
    }
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }
});
process.stdout.write(JSON.stringify(answers));
