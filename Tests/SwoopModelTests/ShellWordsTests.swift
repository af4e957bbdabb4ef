import SwoopModel
import Testing

@Suite("ShellWords")
struct ShellWordsTests {
    /// Expected values are what Python's `shlex.split` returns for the same text.
    @Test(arguments: [
        ("python train.py", ["python", "train.py"]),
        ("  python   train.py\t--lr 0.1 ", ["python", "train.py", "--lr", "0.1"]),
        ("python -c 'print(1 + 2)'", ["python", "-c", "print(1 + 2)"]),
        (#"echo "a \"b\" \$c \d""#, ["echo", #"a "b" \$c \d"#]),
        (#"a\ b c"#, ["a b", "c"]),
        ("x''y \"\"", ["xy", ""]),
        ("'it'\"'\"'s'", ["it's"]),
        ("", []),
    ])
    func splitsLikeShlex(text: String, expected: [String]) throws {
        #expect(try ShellWords.split(text) == expected)
    }

    @Test func unclosedQuotesAndTrailingBackslashAreErrors() {
        let error = #expect(throws: ShellWords.ParseError.self) { try ShellWords.split("python 'train.py") }
        #expect(error?.description == "command `python 'train.py` has no closing ' quotation mark")
        #expect(throws: ShellWords.ParseError.self) { try ShellWords.split("python \"x") }
        #expect(throws: ShellWords.ParseError.self) { try ShellWords.split("python x\\") }
    }

    @Test func joinQuotesOnlyWhatNeedsIt() throws {
        let words = ["python", "train.py", "--name", "it's a run", "", "--lr=0.1"]
        #expect(ShellWords.join(words) == #"python train.py --name 'it'"'"'s a run' '' --lr=0.1"#)
        #expect(try ShellWords.split(ShellWords.join(words)) == words)
    }
}
