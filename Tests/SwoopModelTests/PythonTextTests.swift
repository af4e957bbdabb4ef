import SwoopModel
import Testing

/// Python's `str()` and `repr()` of JSON values, as W&B's macros and messages show them.
@Suite struct PythonTextTests {
    @Test func strAndReprMatchPython() {
        #expect(PythonText.str(0.1) == "0.1")
        #expect(PythonText.str(1.0) == "1.0")
        #expect(PythonText.str(1e-5) == "1e-05")
        #expect(PythonText.str(0.0001) == "0.0001")
        #expect(PythonText.str(1.5e-7) == "1.5e-07")
        #expect(PythonText.str(1e16) == "1e+16")
        #expect(PythonText.str(1e15) == "1000000000000000.0")
        #expect(PythonText.str(123456.789) == "123456.789")
        #expect(PythonText.str(-2.5) == "-2.5")
        #expect(PythonText.str(.double(.nan)) == "nan")
        #expect(PythonText.str(.double(-.infinity)) == "-inf")
        #expect(PythonText.str("relu") == "relu")
        #expect(PythonText.str([1, "a", nil, true]) == "[1, 'a', None, True]")
        #expect(PythonText.str(["k": 1, "b": [0.5]]) == "{'b': [0.5], 'k': 1}")
        #expect(PythonText.str(["it's"]) == #"["it's"]"#)
        // repr: the quote Python picks, escapes, control characters as \xNN.
        #expect(PythonText.repr("a") == "'a'")
        #expect(PythonText.repr(#"it's"#) == #""it's""#)
        #expect(PythonText.repr(#"it's "x""#) == #"'it\'s "x"'"#)
        #expect(PythonText.repr("tab\there\u{01}") == #"'tab\there\x01'"#)
    }
}
