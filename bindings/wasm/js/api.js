// The public API of the `cvm-rules` npm package, over the WebAssembly module.
//
// build.sh wraps this file into each entry point (Node's CommonJS, browsers'
// ES module): it defines `bind(glue, whenReady, fallbackCrypto)` and nothing
// else. `glue` is wasm-bindgen's JavaScript for the module (`NativeValidator`,
// `readCap`, …); `whenReady()` answers why not while the module is not
// instantiated yet (browsers' `init()`), and `null` once it is;
// `fallbackCrypto()` gives the Web Crypto object to use when there is no global
// `crypto` (Node 18: `node:crypto`'s `webcrypto`), or `undefined`.
//
// The boundary: only strings and numbers cross. Options become JSON text here
// (JSON.stringify refuses a cycle; a value too deep for the JavaScript stack
// fails here, harmlessly, before anything enters the module), and the library
// reads that text with serde_json's nesting limit of 128. Every rule, message
// and JSON object comes from the library; this file checks the types of the
// arguments, turns the library's errors into `TypeError` or `CvmRulesError`,
// and shares each policy object between the answers of one Validator.
//
// No error made here holds a value the caller passed: messages name the
// parameter and what it must be, and no error has a `cause`.
//
// The host can misbehave too (SPEC section 18). A caller's bytes are read
// through the intrinsics captured below, never through the properties of the
// object given (an own `length`, `buffer` or `subarray` could lie): the module
// gets a fresh view of the bytes the caller holds. Options are plain data: a
// value reached through a getter, a proxy's trap or `toJSON` is refused. The
// random source is called through `random.fill`, which never throws into the
// module: a throwing, missing or constant source becomes the library's typed
// error after a bounded number of draws, and the module is left as it was.

/* exported bind */
function bind(glue, whenReady, fallbackCrypto) {
  'use strict';

  // Intrinsics, captured before any caller's code runs.
  const U8 = Uint8Array;
  const apply = Reflect.apply;
  const ownDescriptor = Reflect.getOwnPropertyDescriptor;
  const getterOf = (object, key) => ownDescriptor(object, key).get;
  const typedArray = Object.getPrototypeOf(U8.prototype);
  const tagOf = getterOf(typedArray, Symbol.toStringTag);
  const bufferOf = getterOf(typedArray, 'buffer');
  const offsetOf = getterOf(typedArray, 'byteOffset');
  const lengthOf = getterOf(typedArray, 'byteLength');
  const bufferLengthOf = getterOf(ArrayBuffer.prototype, 'byteLength');
  const fillBytes = U8.prototype.fill;
  const setBytes = U8.prototype.set;

  /** A bad value: the library's message (a value of the wrong type is a `TypeError`). */
  class CvmRulesError extends Error {
    constructor(message) {
      super(message);
      this.name = 'CvmRulesError';
    }
  }

  /** The errors this file made: any other that reaches a public function came
   *  from the caller's own code (a getter, a proxy, toJSON) and may hold
   *  anything, so it is replaced. */
  const ours = new WeakSet();
  function mine(error) {
    ours.add(error);
    return error;
  }
  function typeError(message) {
    return mine(new TypeError(message));
  }

  /** Runs a public function: the caller's own exceptions do not pass through. */
  function guard(what, call) {
    try {
      const notReady = whenReady();
      if (notReady) throw mine(new CvmRulesError(notReady));
      return call();
    } catch (error) {
      if (ours.has(error)) throw error;
      throw typeError(`${what}: an argument could not be read (a getter, proxy or toJSON of the caller threw)`);
    }
  }

  let limits;
  /** The library's read cap and options limit, read once. */
  function limit() {
    limits ??= { readCap: glue.readCap(), maxOptions: glue.maxOptionsBytes() };
    return limits;
  }

  /** Throws the library's error (`T…` a type error, `V…` a bad value) as JavaScript's. */
  function raise(error) {
    if (typeof error === 'string') {
      const message = error.slice(1);
      throw mine(error[0] === 'T' ? typeError(message) : new CvmRulesError(message));
    }
    throw error;
  }

  /** A key, as the library shows it (cut to 64 characters; only when it looks like one). */
  function shownKey(key) {
    const shown = key.length <= limit().readCap ? glue.shownKey(key) : undefined;
    return typeof shown === 'string' ? `\`${shown}\`` : 'a key';
  }

  /** The bytes a Uint8Array (a Buffer too) or an ArrayBuffer holds, as a fresh
   *  view, at most `cap` of them, read by intrinsics; `undefined` for anything else. */
  function bytesOf(input, cap) {
    if (apply(tagOf, input, []) === 'Uint8Array') {
      // A detached buffer holds no bytes (and cannot be viewed).
      const length = apply(lengthOf, input, []);
      if (length === 0) return new U8(0);
      return new U8(apply(bufferOf, input, []), apply(offsetOf, input, []), length > cap ? cap : length);
    }
    let length;
    try {
      length = apply(bufferLengthOf, input, []);
    } catch {
      return undefined; // not an ArrayBuffer
    }
    return length === 0 ? new U8(0) : new U8(input, 0, length > cap ? cap : length);
  }

  /** The platform's Web Crypto object, or `undefined`. */
  function webCrypto() {
    try {
      const crypto = globalThis.crypto;
      if (crypto !== undefined && crypto !== null && typeof crypto.getRandomValues === 'function') return crypto;
    } catch {
      // a global getter that throws: as if there were none
    }
    try {
      return fallbackCrypto();
    } catch {
      return undefined;
    }
  }

  /** The random source `generate` hands the module: `fill(bytes)` never throws. */
  const random = {
    fill(bytes) {
      try {
        const crypto = webCrypto();
        if (crypto === undefined) return false;
        // The platform's source writes into a buffer of its own, never into
        // the module's memory; what it leaves unwritten stays 0xFF (unusable).
        const own = new U8(256);
        apply(fillBytes, own, [0xff]);
        crypto.getRandomValues(own);
        apply(setBytes, bytes, [own]);
        return true;
      } catch {
        return false;
      }
    },
  };

  /** Refuses `generate` where there is no random source to draw from, saying why. */
  function needRandom() {
    if (webCrypto() === undefined) {
      throw mine(new CvmRulesError('generate needs crypto.getRandomValues (the Web Crypto API), and this platform has no global crypto object'));
    }
  }

  /** What kind of value this is, for a message (never the value itself). */
  function kindOf(value) {
    if (value === null) return 'null';
    if (typeof value !== 'object') return typeof value;
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_$]{1,40}$/.test(name)) return 'an object';
    // "an Array", "an Error"; "a Uint8Array", "a URL" (said with a consonant).
    return /^(?:[AEIOaeio]|[Uu](?![Ii]nt|[A-Z]))/.test(name) ? `an ${name}` : `a ${name}`;
  }

  class Refused extends Error {}

  /** At most this many values are read from one argument (shared references
   *  would otherwise let a small object stand for an endless one). */
  const MAX_VALUES = 5_000_000;

  /** `value` (an options object) as JSON text; a TypeError when it is not JSON. */
  function jsonText(value, what) {
    let seen = 0;
    let top = '';
    let text;
    try {
      text = JSON.stringify(value, function replacer(key, v) {
        if (++seen > MAX_VALUES) throw new Refused(`${what} holds more than ${MAX_VALUES} values`);
        if (this === value) top = key;
        const where = top === '' ? what : `${what}.${/^[A-Za-z0-9_]{1,32}$/.test(top) ? top : '…'}`;
        // What JSON.stringify read must be the holder's own data: not a
        // getter's answer, nor what a toJSON (a typed array's own, a Date's)
        // made of the value. (An array's hole is no property, and is null.)
        const own = ownDescriptor(this, key);
        if (own === undefined ? v !== undefined : !('value' in own) || !Object.is(own.value, v)) {
          throw new Refused(`${where} holds a value read through a getter, a proxy or toJSON: only plain data can be read`);
        }
        switch (typeof v) {
          case 'string':
          case 'boolean':
          case 'undefined':
            return v;
          case 'number':
            if (!Number.isFinite(v)) throw new Refused(`${where} holds a number JSON cannot hold (NaN or an infinity)`);
            return v;
          case 'object': {
            if (v === null || Array.isArray(v)) return v;
            const proto = Object.getPrototypeOf(v);
            if (proto === Object.prototype || proto === null) return v;
            throw new Refused(`${where} holds ${kindOf(v)}: only plain objects, arrays, strings, numbers, booleans and null can be read`);
          }
          default:
            throw new Refused(`${where} holds a ${typeof v}, which JSON cannot hold`);
        }
      });
    } catch (error) {
      if (error instanceof Refused) throw typeError(error.message);
      throw typeError(`${what} cannot be read as JSON: it is cyclic, nested too deeply, too large, or a property threw when it was read`);
    }
    if (text.length > limit().maxOptions) {
      throw mine(new CvmRulesError(`${what} are larger than ${limit().maxOptions} bytes of JSON (facts and policy included)`));
    }
    return text;
  }

  /** The options object of a function or a Validator, as JSON text. */
  function optionsText(options, what) {
    if (options === undefined || options === null) return 'null';
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw typeError(`${what} must be an object (or left out), not ${kindOf(options)}`);
    }
    return jsonText(options, what);
  }

  /** A compiled native validator (`perCall`: the module-level functions' options). */
  function compile(options, perCall, what) {
    const text = optionsText(options, what);
    try {
      return new glue.NativeValidator(text, perCall);
    } catch (error) {
      raise(error);
    }
  }

  /** The options of one method call: an object with only the `allowed` keys. */
  function callOptions(options, allowed, what) {
    if (options === undefined || options === null) return {};
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw typeError(`${what} must be an object (or left out), not ${kindOf(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!allowed.includes(key) && options[key] !== undefined) {
        throw typeError(`${what}: unknown option ${shownKey(key)} (expected ${allowed.join(', ')})`);
      }
    }
    return options;
  }

  /** A string argument cut at the read cap (longer fails its rule either way). */
  function text(value, what, optional) {
    if (optional && (value === undefined || value === null)) return undefined;
    if (typeof value !== 'string') throw typeError(`${what} must be a string, not ${kindOf(value)}`);
    const cap = limit().readCap;
    return value.length > cap ? value.slice(0, cap) : value;
  }

  /** A number argument (the library refuses NaN, negative and fractional ones). */
  function number(value, what) {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') throw typeError(`${what} must be a number, not ${kindOf(value)}`);
    return value;
  }

  /** Facts given to one `check`: JSON text, or an object made JSON text here. */
  function factsText(facts, what) {
    if (facts === undefined || facts === null) return undefined;
    if (typeof facts === 'string') return text(facts, what);
    if (typeof facts !== 'object') throw typeError(`${what} must be DescribeInstances JSON, as text or an object, not ${kindOf(facts)}`);
    return jsonText(facts, what);
  }

  /** Checks a request with a native validator; `policyOf(slot)` gives the shared policy. */
  function checkWith(native, input, facts, policyOf) {
    let answer;
    try {
      if (typeof input === 'string') {
        const cap = limit().readCap;
        answer = native.check_text(input.length > cap ? input.slice(0, cap) : input, facts);
      } else {
        const bytes = bytesOf(input, limit().readCap);
        if (bytes === undefined) {
          throw typeError(`check: input must be a string, a Uint8Array or an ArrayBuffer (the request), not ${kindOf(input)}`);
        }
        answer = native.check_bytes(bytes, facts);
      }
    } catch (error) {
      if (ours.has(error)) throw error;
      raise(error);
    }
    return withPolicy(answer, native.last_slot(), policyOf);
  }

  /** An answer (JSON text with `"policy": null`) with its policy object put in. */
  function withPolicy(answer, slot, policyOf) {
    const object = JSON.parse(answer);
    object.policy = policyOf(slot);
    return object;
  }

  /** Freezes an object and everything in it: a policy shared between answers. */
  function deepFreeze(value) {
    if (value !== null && typeof value === 'object') {
      for (const v of Object.values(value)) deepFreeze(v);
      Object.freeze(value);
    }
    return value;
  }

  /** A one-use native validator for a module-level function, freed after `use`. */
  function once(options, what, use) {
    const native = compile(options, true, what);
    try {
      return use(native, (slot) => JSON.parse(native.policy(slot)));
    } finally {
      native.free();
    }
  }

  /** A copy of parsed JSON data (four times cheaper than parsing it again). */
  function copy(value) {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      const out = new Array(value.length);
      for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
      return out;
    }
    const out = {};
    for (const key in value) out[key] = copy(value[key]);
    return out;
  }

  /**
   * Options read and compiled once: `{profile, rules, os, facts, lang, policy}`.
   * Its answers share one frozen `policy` object per OS set; the rest of each
   * answer is its own.
   */
  class Validator {
    #native;
    #policies = [];
    /** checkPassword's answers without their diagnostics, by slot and verdict. */
    #frames = [];
    /** Parsed diagnostics by id, of one generation of the native table. */
    #diagnostics = [];
    #generation = 0;

    constructor(options) {
      this.#native = guard('Validator', () => compile(options, false, 'Validator options'));
    }

    /** Refuses a method called on something else than a Validator, or on one freed. */
    static #check(self, method) {
      if (typeof self !== 'object' || self === null || !(#native in self)) {
        throw typeError(`Validator.${method} was called on something that is not a Validator`);
      }
      if (self.#native === undefined) {
        throw mine(new CvmRulesError(`Validator.${method}: this Validator was freed (free() or a using block)`));
      }
    }

    /**
     * Frees the validator's memory in the module now, rather than when the
     * collector runs; a method called after it throws a CvmRulesError. Calling
     * it again does nothing. `[Symbol.dispose]()` is the same, so that
     * `using validator = new Validator(…)` frees it at the end of the block.
     */
    free() {
      if (typeof this !== 'object' || this === null || !(#native in this)) {
        throw typeError('Validator.free was called on something that is not a Validator');
      }
      const native = this.#native;
      if (native === undefined) return;
      this.#native = undefined;
      this.#policies = [];
      this.#frames = [];
      this.#diagnostics = [];
      native.free();
    }

    #policy(slot) {
      return (this.#policies[slot] ??= deepFreeze(JSON.parse(this.#native.policy(slot))));
    }

    /** Validates one request (query form, full URL, or JSON); `facts` replaces the Validator's. */
    check(input, options) {
      Validator.#check(this, 'check');
      return guard('Validator.check', () => {
        const { facts } = callOptions(options, ['facts'], 'check options');
        return checkWith(this.#native, input, factsText(facts, 'check options.facts'), (slot) => this.#policy(slot));
      });
    }

    /** Checks a password alone: `{valid, profile, policy, diagnostics}`. */
    checkPassword(password, options) {
      Validator.#check(this, 'checkPassword');
      return guard('Validator.checkPassword', () => {
        const pw = text(password, 'checkPassword: password');
        const { userName } = callOptions(options, ['userName'], 'checkPassword options');
        const name = text(userName, 'checkPassword options.userName', true);
        const ids = this.#native.check_password(pw, name);
        const [generation, slot, valid] = ids;
        const frame = this.#frames[slot * 2 + valid];
        if (frame === undefined) {
          // The first answer of this slot and verdict: whole, from its JSON.
          const answer = withPolicy(this.#native.check_password_json(pw, name), slot, (s) => this.#policy(s));
          this.#frames[slot * 2 + valid] = { ...answer, diagnostics: null };
          return answer;
        }
        if (generation !== this.#generation) {
          this.#diagnostics = [];
          this.#generation = generation;
        }
        const answer = {};
        for (const key in frame) answer[key] = frame[key];
        const diagnostics = new Array(ids.length - 3);
        for (let i = 3; i < ids.length; i++) {
          const id = ids[i];
          diagnostics[i - 3] = copy((this.#diagnostics[id] ??= JSON.parse(this.#native.diagnostic(id))));
        }
        answer.diagnostics = diagnostics;
        return answer;
      });
    }

    /** The requirements checklist, each marked when `password` is given. */
    explain(options) {
      Validator.#check(this, 'explain');
      return guard('Validator.explain', () => {
        const { password, userName, length } = callOptions(options, ['password', 'userName', 'length'], 'explain options');
        const pw = text(password, 'explain options.password', true);
        const name = text(userName, 'explain options.userName', true);
        const n = number(length, 'explain options.length');
        try {
          return JSON.parse(this.#native.explain(pw, name, n));
        } catch (error) {
          raise(error);
        }
      });
    }

    /** Passwords that pass the policy, drawn with `crypto.getRandomValues`. */
    generate(options) {
      Validator.#check(this, 'generate');
      return guard('Validator.generate', () => {
        const { count, length, userName } = callOptions(options, ['count', 'length', 'userName'], 'generate options');
        const c = number(count, 'generate options.count');
        const n = number(length, 'generate options.length');
        const name = text(userName, 'generate options.userName', true);
        needRandom();
        try {
          return JSON.parse(this.#native.generate(random, c, n, name));
        } catch (error) {
          raise(error);
        }
      });
    }
  }

  /** Validates one request: the object `cvm-rules check --format json` prints. */
  function check(input, options) {
    return guard('check', () => once(options, 'options', (native, policyOf) => checkWith(native, input, undefined, policyOf)));
  }

  /** The requirements checklist: the object `cvm-rules explain --format json` prints. */
  function explain(options) {
    return guard('explain', () => once(options, 'options', (native) => JSON.parse(native.explain_options())));
  }

  /** Passwords that pass the policy: the object `cvm-rules generate --format json` prints. */
  function generate(options) {
    return guard('generate', () => once(options, 'options', (native) => {
      needRandom();
      try {
        return JSON.parse(native.generate_options(random));
      } catch (error) {
        raise(error);
      }
    }));
  }

  /** The language for an HTTP `Accept-Language` value: `en` or `zh-CN`. */
  function negotiateLanguage(acceptLanguage) {
    return guard('negotiateLanguage', () => {
      const value = text(acceptLanguage ?? '', 'negotiateLanguage: acceptLanguage');
      return glue.negotiateLanguage(value);
    });
  }

  if (typeof Symbol.dispose === 'symbol') {
    Object.defineProperty(Validator.prototype, Symbol.dispose, {
      value: function dispose() {
        this.free();
      },
      writable: true,
      configurable: true,
    });
  }

  return { check, explain, generate, negotiateLanguage, Validator, CvmRulesError };
}
