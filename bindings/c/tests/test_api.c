/* The C API's tests: every function, bad arguments, hostile input, a sentinel
 * password in every parameter, and one validator shared by 16 threads.
 * tests/run.sh builds this with gcc -Wall -Wextra -Werror and runs it as it
 * is, under valgrind and under AddressSanitizer. Exits 1 on the first failure. */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvm_rules.h"

static int checks = 0;

#define EXPECT(cond)                                                                 \
    do {                                                                             \
        checks++;                                                                    \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: %s: failed: %s\n", __FILE__, __LINE__, __func__, \
                    #cond);                                                          \
            exit(1);                                                                 \
        }                                                                            \
    } while (0)

/* A password no answer or message may ever hold. */
#define SENTINEL "Sentinel#Pa55word!x"

static int holds(cvm_rules_str s, const char *needle) {
    size_t n = strlen(needle);
    if (s.ptr == NULL || s.len < n) return 0;
    for (size_t i = 0; i + n <= s.len; i++) {
        if (memcmp(s.ptr + i, needle, n) == 0) return 1;
    }
    return 0;
}

static int equals(cvm_rules_str s, const char *text) {
    return s.len == strlen(text) && memcmp(s.ptr, text, s.len) == 0;
}

static cvm_rules_validator *validator(const char *options) {
    cvm_rules_validator *v = NULL;
    cvm_rules_str error = {0};
    int status = cvm_rules_validator_new(options, options ? strlen(options) : 0, &v, &error);
    if (status != CVM_RULES_OK) {
        fprintf(stderr, "validator(%s): %d %.*s\n", options, status, (int)error.len, error.ptr);
        exit(1);
    }
    EXPECT(error.ptr == NULL && error.len == 0);
    return v;
}

static const char *REQUEST =
    "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123";

static void test_validator_new(void) {
    cvm_rules_validator_free(validator(NULL));
    cvm_rules_validator_free(validator("{}"));
    cvm_rules_validator_free(validator("null"));
    cvm_rules_validator_free(validator("{\"profile\": \"api3\", \"os\": [\"linux\", \"windows\"], \"lang\": \"zh-CN\"}"));

    cvm_rules_validator *v = (cvm_rules_validator *)&checks; /* overwritten, never freed */
    cvm_rules_str error = {0};
    const char *bad = "{\"profile\": \"api4\"}";
    EXPECT(cvm_rules_validator_new(bad, strlen(bad), &v, &error) == CVM_RULES_BAD_VALUE);
    EXPECT(v == NULL);
    EXPECT(equals(error, "unknown profile (expected legacy-2017 or api3)"));
    cvm_rules_str_free(error);

    /* The message is optional. */
    EXPECT(cvm_rules_validator_new(bad, strlen(bad), &v, NULL) == CVM_RULES_BAD_VALUE);
    const char *misplaced = "{\"password\": \"" SENTINEL "\"}";
    EXPECT(cvm_rules_validator_new(misplaced, strlen(misplaced), &v, &error) == CVM_RULES_BAD_VALUE);
    EXPECT(!holds(error, SENTINEL));
    cvm_rules_str_free(error);

    /* Bad arguments: NULL with a length, no out, text that is not UTF-8. */
    EXPECT(cvm_rules_validator_new(NULL, 5, &v, &error) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(error, "options_json is NULL with a length"));
    cvm_rules_str_free(error);
    EXPECT(cvm_rules_validator_new("{}", 2, NULL, &error) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(error, "out is NULL"));
    cvm_rules_str_free(error);
    EXPECT(cvm_rules_validator_new("{}", 2, NULL, NULL) == CVM_RULES_BAD_ARGUMENT);
    /* A length no object can have is refused before anything is read. */
    EXPECT(cvm_rules_validator_new("{}", SIZE_MAX, &v, &error) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(error, "options_json's length runs past the end of memory"));
    cvm_rules_str_free(error);
    const char *latin1 = "{\"lang\": \"fr\xe9\"}";
    EXPECT(cvm_rules_validator_new(latin1, strlen(latin1), &v, &error) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(error, "options_json is not UTF-8"));
    cvm_rules_str_free(error);
    EXPECT(cvm_rules_validator_new("{", 1, &v, &error) == CVM_RULES_BAD_VALUE);
    EXPECT(equals(error, "the options are not JSON (line 1, column 1)"));
    cvm_rules_str_free(error);
}

static void test_check(void) {
    cvm_rules_validator *v = validator("{\"os\": [\"linux\"]}");
    cvm_rules_str out = {0};
    EXPECT(cvm_rules_check(v, REQUEST, strlen(REQUEST), NULL, 0, &out) == CVM_RULES_OK);
    EXPECT(holds(out, "\"valid\":false"));
    EXPECT(holds(out, "\"rule\":\"password.length\""));
    EXPECT(holds(out, "\"user_name\":\"root\""));
    cvm_rules_str_free(out);

    /* The facts decide the OS. */
    const char *facts = "{\"Response\":{\"InstanceSet\":[{\"InstanceId\":\"ins-r8hr2upy\",\"OsName\":\"Windows Server 2019\",\"InstanceState\":\"STOPPED\"}]}}";
    EXPECT(cvm_rules_check(v, REQUEST, strlen(REQUEST), facts, strlen(facts), &out) == CVM_RULES_OK);
    EXPECT(holds(out, "\"families\":[\"windows\"]"));
    cvm_rules_str_free(out);

    /* Facts that are not DescribeInstances JSON, or not UTF-8. */
    EXPECT(cvm_rules_check(v, REQUEST, strlen(REQUEST), "{\"x\": 1}", 8, &out) == CVM_RULES_BAD_VALUE);
    EXPECT(holds(out, "instance facts must be DescribeInstances JSON"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check(v, REQUEST, strlen(REQUEST), "[\"\xff\"]", 4, &out) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(out, "facts is not UTF-8"));
    cvm_rules_str_free(out);

    /* A request that is not UTF-8 is a request: it gets an answer. */
    const char *raw = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=ab\xff\xfe" "c123ABC!";
    EXPECT(cvm_rules_check(v, raw, strlen(raw), NULL, 0, &out) == CVM_RULES_OK);
    EXPECT(holds(out, "\"valid\":false"));
    cvm_rules_str_free(out);

    /* Empty input: NULL with length 0 is empty text. */
    EXPECT(cvm_rules_check(v, NULL, 0, NULL, 0, &out) == CVM_RULES_OK);
    EXPECT(holds(out, "\"valid\":false"));
    cvm_rules_str_free(out);

    /* Bad arguments. */
    EXPECT(cvm_rules_check(v, NULL, 3, NULL, 0, &out) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(out, "input is NULL with a length"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check(v, REQUEST, strlen(REQUEST), NULL, 9, &out) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(out, "facts_json is NULL with a length"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check(NULL, REQUEST, strlen(REQUEST), NULL, 0, &out) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(out, "the validator is NULL"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check(v, REQUEST, strlen(REQUEST), NULL, 0, NULL) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(cvm_rules_check(v, REQUEST, SIZE_MAX, NULL, 0, &out) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(out, "input's length runs past the end of memory"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check(v, REQUEST, strlen(REQUEST), REQUEST, (size_t)PTRDIFF_MAX + 1, &out) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(out, "facts_json's length runs past the end of memory"));
    cvm_rules_str_free(out);
    cvm_rules_validator_free(v);
}

static void test_check_password(void) {
    cvm_rules_validator *v = validator("{\"profile\": \"api3\", \"os\": [\"windows\"]}");
    cvm_rules_str out = {0};
    const char *good = "Good#Passw0rd-2026";
    EXPECT(cvm_rules_check_password(v, good, strlen(good), NULL, 0, &out) == CVM_RULES_OK);
    EXPECT(holds(out, "{\"valid\":true,\"profile\":\"api3\","));
    EXPECT(holds(out, "\"diagnostics\":[]}"));
    cvm_rules_str_free(out);

    /* The user name rule (api3 Windows) sees the name given. */
    const char *named = "Xadmin#Passw0rd";
    EXPECT(cvm_rules_check_password(v, named, strlen(named), "Admin", 5, &out) == CVM_RULES_OK);
    EXPECT(holds(out, "password.contains_username"));
    EXPECT(!holds(out, named));
    cvm_rules_str_free(out);

    /* NULL with length 0 is the empty password; NULL with a length is not. */
    EXPECT(cvm_rules_check_password(v, NULL, 0, NULL, 0, &out) == CVM_RULES_OK);
    EXPECT(holds(out, "\"actual\":0"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check_password(v, NULL, 1, NULL, 0, &out) == CVM_RULES_BAD_ARGUMENT);
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check_password(v, good, strlen(good), NULL, 2, &out) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(out, "user_name is NULL with a length"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check_password(v, good, SIZE_MAX - 1, NULL, 0, &out) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(out, "password's length runs past the end of memory"));
    cvm_rules_str_free(out);

    /* A password that is not UTF-8 is a bad argument, and not shown. */
    const char *latin1 = "Secr\xe9t-" SENTINEL;
    EXPECT(cvm_rules_check_password(v, latin1, strlen(latin1), NULL, 0, &out) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(out, "password is not UTF-8"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check_password(v, good, strlen(good), "\xff", 1, &out) == CVM_RULES_BAD_ARGUMENT);
    EXPECT(equals(out, "user_name is not UTF-8"));
    cvm_rules_str_free(out);
    cvm_rules_validator_free(v);
}

static void test_explain_and_generate(void) {
    cvm_rules_validator *v = validator("{\"os\": [\"linux\"]}");
    cvm_rules_str out = {0};
    EXPECT(cvm_rules_explain(v, NULL, 0, &out) == CVM_RULES_OK);
    EXPECT(holds(out, "\"all_met\":null"));
    cvm_rules_str_free(out);
    const char *marked = "{\"password\": \"" SENTINEL "\", \"length\": 12}";
    EXPECT(cvm_rules_explain(v, marked, strlen(marked), &out) == CVM_RULES_OK);
    EXPECT(holds(out, "\"all_met\":false")); /* 19 characters: longer than 16 */
    EXPECT(holds(out, "\"entropy\":{\"length\":12,"));
    EXPECT(!holds(out, SENTINEL));
    cvm_rules_str_free(out);
    const char *misplaced = "{\"profile\": \"api3\"}";
    EXPECT(cvm_rules_explain(v, misplaced, strlen(misplaced), &out) == CVM_RULES_BAD_VALUE);
    EXPECT(equals(out, "profile is an option of a Validator, not of one call"));
    cvm_rules_str_free(out);

    EXPECT(cvm_rules_generate(v, NULL, 0, &out) == CVM_RULES_OK);
    EXPECT(holds(out, "{\"passwords\":[\""));
    EXPECT(holds(out, "\"length\":16,"));
    cvm_rules_str_free(out);
    const char *three = "{\"count\": 3, \"length\": 8}";
    EXPECT(cvm_rules_generate(v, three, strlen(three), &out) == CVM_RULES_OK);
    EXPECT(holds(out, "\"length\":8,"));
    cvm_rules_str_free(out);
    const char *too_long = "{\"length\": 40}";
    EXPECT(cvm_rules_generate(v, too_long, strlen(too_long), &out) == CVM_RULES_BAD_VALUE);
    EXPECT(equals(out, "cannot generate a password: the length must be 8 to 16 characters under this policy"));
    cvm_rules_str_free(out);
    const char *count = "{\"count\": 0}";
    EXPECT(cvm_rules_generate(v, count, strlen(count), &out) == CVM_RULES_BAD_VALUE);
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_generate(NULL, NULL, 0, &out) == CVM_RULES_BAD_ARGUMENT);
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_explain(v, NULL, 4, &out) == CVM_RULES_BAD_ARGUMENT);
    cvm_rules_str_free(out);
    cvm_rules_validator_free(v);
}

static void test_frees(void) {
    cvm_rules_str zero = {0};
    cvm_rules_str_free(zero);
    cvm_rules_validator_free(NULL);
}

/* 100 MB of input: refused as too large, quickly, in every parameter. */
static void test_huge_input(void) {
    size_t n = 100u * 1000u * 1000u;
    char *huge = malloc(n);
    EXPECT(huge != NULL);
    memset(huge, 'a', n);
    cvm_rules_validator *v = validator(NULL);
    cvm_rules_str out = {0};
    EXPECT(cvm_rules_check(v, huge, n, NULL, 0, &out) == CVM_RULES_OK);
    EXPECT(holds(out, "input.too_large"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check(v, REQUEST, strlen(REQUEST), huge, n, &out) == CVM_RULES_BAD_VALUE);
    EXPECT(holds(out, "instance facts are larger than"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check_password(v, huge, n, huge, n, &out) == CVM_RULES_OK);
    EXPECT(holds(out, "password.length"));
    cvm_rules_str_free(out);
    cvm_rules_validator *none = NULL;
    EXPECT(cvm_rules_validator_new(huge, n, &none, &out) == CVM_RULES_BAD_VALUE);
    EXPECT(holds(out, "larger than"));
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_explain(v, huge, n, &out) == CVM_RULES_BAD_VALUE);
    cvm_rules_str_free(out);
    cvm_rules_validator_free(v);
    free(huge);
}

/* Deep JSON in options and facts: refused, no stack overflow. */
static void test_deep_json(void) {
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 1);
    EXPECT(deep != NULL);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = 0;
    cvm_rules_validator *v = validator(NULL);
    cvm_rules_str out = {0};
    EXPECT(cvm_rules_check(v, REQUEST, strlen(REQUEST), deep, 2 * depth, &out) == CVM_RULES_BAD_VALUE);
    EXPECT(equals(out, "the facts are not usable: instance facts are nested deeper than 128 levels"));
    cvm_rules_str_free(out);
    cvm_rules_validator *none = NULL;
    EXPECT(cvm_rules_validator_new(deep, 2 * depth, &none, &out) == CVM_RULES_BAD_VALUE);
    cvm_rules_str_free(out);
    EXPECT(cvm_rules_check(v, deep, 2 * depth, NULL, 0, &out) == CVM_RULES_OK);
    cvm_rules_str_free(out);
    cvm_rules_validator_free(v);
    free(deep);
}

/* A sentinel password in every parameter: no answer or message holds it. */
static void test_sentinel_everywhere(void) {
    const char *options[] = {
        "{\"profile\": \"" SENTINEL "\"}",
        "{\"rules\": \"" SENTINEL "\"}",
        "{\"os\": [\"" SENTINEL "\"]}",
        "{\"lang\": \"" SENTINEL "\"}",
        "{\"policy\": \"" SENTINEL "\"}",
        "{\"policy\": {\"extends\": \"" SENTINEL "\"}}",
        "{\"policy\": {\"extends\": \"api3\", \"all\": {\"denylist\": [\"" SENTINEL "\"], \"" SENTINEL "\": 1}}}",
        "{\"facts\": \"" SENTINEL "\"}",
        "{\"" SENTINEL "\": 1}",
        "{\"password\": \"" SENTINEL "\"}",
        "[\"" SENTINEL "\"]",
        SENTINEL,
    };
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        cvm_rules_validator *v = NULL;
        cvm_rules_str error = {0};
        int status = cvm_rules_validator_new(options[i], strlen(options[i]), &v, &error);
        EXPECT(!holds(error, SENTINEL));
        cvm_rules_str_free(error);
        cvm_rules_validator_free(v);
        (void)status;
    }
    cvm_rules_validator *v = validator("{\"profile\": \"api3\", \"os\": [\"windows\"]}");
    const char *requests[] = {
        "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=" SENTINEL,
        "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=" SENTINEL "&Password=" SENTINEL "&UserName=" SENTINEL,
        "Action=" SENTINEL "&Version=" SENTINEL "&ForceStop=" SENTINEL "&" SENTINEL "=" SENTINEL,
        "{\"InstanceIds\": [\"" SENTINEL "\"], \"Password\": \"" SENTINEL "\", \"" SENTINEL "\": 1}",
        "{\"Password\": [\"" SENTINEL "\"]}",
        "{\"Password\": \"" SENTINEL,
    };
    const char *facts[] = {
        NULL,
        /* (A state the library does not know is shown in its warning, by
         * design: it is the instance's state as DescribeInstances gave it.) */
        "[{\"InstanceId\": \"" SENTINEL "\", \"OsName\": \"" SENTINEL "\", \"InstanceState\": \"RUNNING\"}]",
        "{\"Response\": {\"Error\": {\"Code\": \"" SENTINEL "\"}}}",
        "{\"" SENTINEL "\": [1, 2]}",
        SENTINEL,
    };
    cvm_rules_str out = {0};
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
        for (size_t j = 0; j < sizeof facts / sizeof facts[0]; j++) {
            int status = cvm_rules_check(v, requests[i], strlen(requests[i]), facts[j],
                                         facts[j] ? strlen(facts[j]) : 0, &out);
            EXPECT(status == CVM_RULES_OK || status == CVM_RULES_BAD_VALUE);
            /* The accounts name the instance ids and user name the request
             * gave (its own fields, not its password): the rest holds nothing
             * of the sentinel, and the first request's answer nothing at all. */
            cvm_rules_str before_accounts = out;
            for (size_t k = 0; k + 11 <= out.len; k++) {
                if (memcmp(out.ptr + k, "\"accounts\":", 11) == 0) before_accounts.len = k;
            }
            EXPECT(!holds(before_accounts, SENTINEL));
            EXPECT(i != 0 || !holds(out, SENTINEL));
            cvm_rules_str_free(out);
        }
    }
    EXPECT(cvm_rules_check_password(v, SENTINEL, strlen(SENTINEL), SENTINEL, strlen(SENTINEL), &out) == CVM_RULES_OK);
    EXPECT(!holds(out, SENTINEL));
    cvm_rules_str_free(out);
    const char *calls[] = {
        "{\"password\": \"" SENTINEL "\", \"userName\": \"" SENTINEL "\"}",
        "{\"password\": [\"" SENTINEL "\"]}",
        "{\"length\": \"" SENTINEL "\"}",
        "{\"userName\": \"" SENTINEL "\", \"count\": 2}",
        "{\"" SENTINEL "\": \"" SENTINEL "\"}",
        SENTINEL,
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        EXPECT(cvm_rules_explain(v, calls[i], strlen(calls[i]), &out) != CVM_RULES_INTERNAL);
        EXPECT(!holds(out, SENTINEL));
        cvm_rules_str_free(out);
        EXPECT(cvm_rules_generate(v, calls[i], strlen(calls[i]), &out) != CVM_RULES_INTERNAL);
        EXPECT(!holds(out, SENTINEL));
        cvm_rules_str_free(out);
    }
    cvm_rules_validator_free(v);
}

/* One validator shared by 16 threads: every answer equals the one made alone. */
enum { THREADS = 16, ROUNDS = 200 };
static cvm_rules_validator *shared;
static cvm_rules_str reference[3];
static const char *inputs[3] = {
    "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123",
    "{\"InstanceIds\": [\"ins-r8hr2upy\", \"ins-5d8a23rs\"], \"Password\": \"Abc123!xyzzy\", \"ForceStop\": true}",
    "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy&Password=%2Fetc",
};

static void *worker(void *arg) {
    uintptr_t id = (uintptr_t)arg;
    for (int round = 0; round < ROUNDS; round++) {
        size_t which = (id + (size_t)round) % 3;
        cvm_rules_str out = {0};
        if (cvm_rules_check(shared, inputs[which], strlen(inputs[which]), NULL, 0, &out) != CVM_RULES_OK ||
            out.len != reference[which].len || memcmp(out.ptr, reference[which].ptr, out.len) != 0) {
            cvm_rules_str_free(out);
            return (void *)1;
        }
        cvm_rules_str_free(out);
        if (round % 50 == 0) {
            if (cvm_rules_generate(shared, NULL, 0, &out) != CVM_RULES_OK) return (void *)1;
            cvm_rules_str_free(out);
        }
    }
    return NULL;
}

static void test_threads(void) {
    shared = validator("{\"profile\": \"api3\"}");
    for (size_t i = 0; i < 3; i++) {
        EXPECT(cvm_rules_check(shared, inputs[i], strlen(inputs[i]), NULL, 0, &reference[i]) == CVM_RULES_OK);
    }
    pthread_t threads[THREADS];
    for (uintptr_t i = 0; i < THREADS; i++) {
        EXPECT(pthread_create(&threads[i], NULL, worker, (void *)i) == 0);
    }
    for (size_t i = 0; i < THREADS; i++) {
        void *failed = NULL;
        EXPECT(pthread_join(threads[i], &failed) == 0);
        EXPECT(failed == NULL);
    }
    for (size_t i = 0; i < 3; i++) cvm_rules_str_free(reference[i]);
    cvm_rules_validator_free(shared);
}

int main(void) {
    test_validator_new();
    test_check();
    test_check_password();
    test_explain_and_generate();
    test_frees();
    test_huge_input();
    test_deep_json();
    test_sentinel_everywhere();
    test_threads();
    printf("test_api: %d checks passed\n", checks);
    return 0;
}
