using System.Text;
using System.Text.RegularExpressions;

namespace BackCare.Clinical.Tests;

/// <summary>
/// A fresh clone must build and pass its tests with nothing beside it (issue 13): no code, script,
/// project file or data file may point outside the repository. Outside test material is copied into
/// tests/fixtures/external. Comments may still cite where something came from (for example the team's
/// evidence notes beside the repository); only the text of a line outside comments is checked.
/// </summary>
public sealed partial class RepositoryIsSelfContainedTests
{
    private static readonly string[] ScannedFolders = ["src", "tests", "bench", ".ci", "data"];

    private static readonly string[] ScannedRootFiles = ["test.sh", "*.props", "*.targets", "*.slnx", "global.json"];

    private static readonly HashSet<string> SkippedFolderNames = new(StringComparer.Ordinal)
    {
        "bin", "obj", "node_modules", "TestResults", "BenchmarkDotNet.Artifacts", ".vs", ".idea",
    };

    /// <summary>Left out on purpose (paths relative to the root, with '/'; a trailing '/' means a folder).</summary>
    private static readonly string[] SkippedPaths =
    [
        // Byte-for-byte copies of material written by others, with a README citing where each came from.
        // They are data: nothing resolves a path written inside them.
        "tests/fixtures/external/",
        // This file: its examples of forbidden references are the point of it.
        "tests/BackCare.Clinical.Tests/RepositoryIsSelfContainedTests.cs",
    ];

    /// <summary>Files that must be among those scanned, so a wrong root or a broken walk cannot pass.</summary>
    private static readonly string[] MustBeScanned =
    [
        "test.sh", ".ci/run", "BackCare.slnx", "Directory.Build.props", "Directory.Packages.props",
        "tests/BackCare.Clinical.Tests/RepoPaths.cs", "tests/BackCare.Interop.Tests/BackCare.Interop.Tests.csproj",
        "tests/BackCare.Cli.Tests/AssessmentCommandTests.cs", "src/BackCare.Clinical/BackCare.Clinical.csproj",
        "bench/load/pages.sh", "data/products.yaml",
    ];

    [Fact]
    public void No_file_refers_to_a_path_outside_the_repository()
    {
        var root = RepoPaths.Root;
        var files = FilesToScan(root);

        var problems = new List<string>();
        var codeLines = 0;
        foreach (var (relative, full) in files)
        {
            var style = CommentStyle.For(relative);
            string? openBlock = null;
            var lines = File.ReadAllLines(full);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = style.CodePart(lines[i], ref openBlock);
                if (string.IsNullOrWhiteSpace(code)) continue;
                codeLines++;
                var reason = OutsideReference(code, relative, style, root);
                if (reason is not null) problems.Add($"{relative}:{i + 1}: {reason}: {lines[i].Trim()}");
            }
        }

        // The scan must have looked at the repository, not at an empty or wrong folder.
        var scanned = files.Select(f => f.Relative).ToHashSet(StringComparer.Ordinal);
        scanned.Count.ShouldBeGreaterThan(200, "files scanned");
        codeLines.ShouldBeGreaterThan(10_000, "non-comment lines scanned");
        foreach (var expected in MustBeScanned) scanned.ShouldContain(expected);
        scanned.ShouldNotContain(f => f.StartsWith("tests/fixtures/external/", StringComparison.Ordinal));

        problems.ShouldBeEmpty("references outside the repository (copy the material into tests/fixtures and use RepoPaths):\n"
            + string.Join('\n', problems));
    }

    [Theory]
    [InlineData("tests/X/A.cs", "var p = Path.Combine(root, \"..\", \"shared\", \"external\", \"a.json\");")]
    [InlineData("tests/X/A.cs", "File.ReadAllText(\"{up}/shared/external/a.json\");")]
    [InlineData("tests/X/A.cs", "var p = @\"{up}\\shared\\external\\a.json\";")]
    [InlineData("tests/X/A.cs", "var u = \"http://example.org\"; File.ReadAllText(\"{up}/shared/a.json\");")]
    [InlineData("tests/X/A.cs", "/* provenance */ File.ReadAllText(\"{up}/shared/a.json\");")]
    [InlineData("src/A/B.cs", "var home = \"/home/someone/data.json\";")]
    [InlineData("src/A/B.cs", "var p = \"/work/shared/external/a.json\";")]
    [InlineData("src/A/B.cs", "var p = @\"C:\\Users\\someone\\data.json\";")]
    [InlineData("src/A/B.cs", "var p = \"/Users/someone/data.json\";")]
    [InlineData("tests/X/X.csproj", "<None Include=\"../../../evidence/notes.md\" CopyToOutputDirectory=\"Always\" />")]
    [InlineData("tests/X/X.csproj", "<!-- provenance --> <Compile Include=\"..\\..\\..\\other\\Helper.cs\" />")]
    [InlineData("Directory.Build.props", "<AdditionalFiles Include=\"$(MSBuildThisFileDirectory)../BannedSymbols.txt\" />")]
    [InlineData("test.sh", "cat /work/shared/README.md")]
    [InlineData("test.sh", "cp \"$(dirname \"$0\")/../other/file\" .")]
    [InlineData(".ci/run", "cd \"$(dirname \"$0\")/../..\"")]
    [InlineData("data/x.yaml", "seen_in: \"{up}/shared/external/a.json\"")]
    public void The_scan_flags_references_outside_the_repository(string relative, string line) =>
        Problem(relative, line).ShouldNotBeNull(line);

    [Theory]
    [InlineData("src/A/B.cs", "/// <summary>Seen in a file shipped under {up}/shared/external.</summary>")]
    [InlineData("src/A/B.cs", "// (see {up}/shared/dotnet-packages.md)")]
    [InlineData("src/A/B.cs", "var p = Path.Combine(RepoPaths.External, \"fhir-r4\", \"a.json\");")]
    [InlineData("src/A/B.cs", "if (relative.StartsWith(\"..\", StringComparison.Ordinal)) return null;")]
    [InlineData("src/A/V.cshtml", "<a href=\"https://example.org/home/page\">home</a>")]
    [InlineData("Directory.Packages.props", "<!-- Versions restored together here; see {up}/shared/dotnet-packages.md. -->")]
    [InlineData("tests/X/X.csproj", "<ProjectReference Include=\"../../src/BackCare.App/BackCare.App.csproj\" />")]
    [InlineData("src/A/A.csproj", "<EmbeddedResource Include=\"$(MSBuildThisFileDirectory)../../data/**/*.yaml\" />")]
    [InlineData("bench/load/pages.sh", "cd \"$(dirname \"$0\")/../..\"")]
    [InlineData("test.sh", "PG_DIR=\"$(mktemp -d /tmp/backcare-pg.XXXXXX)\"")]
    [InlineData("data/x.yaml", "# seen in a file under {up}/shared/external, named in seen_in")]
    [InlineData("data/x.yaml", "rxnorm: {code: \"1191\", seen_in: \"external/synthea-via-phr-ig/a.json\"}")]
    public void The_scan_lets_comments_and_paths_inside_the_repository_through(string relative, string line) =>
        Problem(relative, line).ShouldBeNull();

    [Fact]
    public void A_reference_after_a_multi_line_comment_is_still_found()
    {
        var style = CommentStyle.For("tests/X/X.csproj");
        string? openBlock = null;
        string[] lines = ["<!--", "  copied from {up}/shared/external", "-->", "<None Include=\"{up}/shared/a.json\" />"];
        var code = lines.Select(l => style.CodePart(Sample(l), ref openBlock)).ToList();
        code[1].ShouldBeEmpty();
        OutsideReference(code[3], "tests/X/X.csproj", style, RepoPaths.Root).ShouldNotBeNull();
    }

    /// <summary>The samples write the parent folder as {up}, so this file itself names no path outside the repository.</summary>
    private static string Sample(string line) => line.Replace("{up}", "..", StringComparison.Ordinal);

    private static string? Problem(string relative, string sample)
    {
        var line = Sample(sample);
        var style = CommentStyle.For(relative);
        string? openBlock = null;
        return OutsideReference(style.CodePart(line, ref openBlock), relative, style, RepoPaths.Root);
    }

    private static List<(string Relative, string Full)> FilesToScan(string root)
    {
        var found = new List<(string, string)>();
        foreach (var pattern in ScannedRootFiles)
        {
            found.AddRange(Directory.GetFiles(root, pattern).Select(f => (Relative(root, f), f)));
        }

        foreach (var folder in ScannedFolders)
        {
            var path = Path.Combine(root, folder);
            if (Directory.Exists(path)) Walk(root, new DirectoryInfo(path), found);
        }

        return [.. found
            .Where(f => !SkippedPaths.Any(s => s.EndsWith('/') ? f.Item1.StartsWith(s, StringComparison.Ordinal) : f.Item1 == s))
            .Where(f => !IsBinary(f.Item2))
            .DistinctBy(f => f.Item1)
            .OrderBy(f => f.Item1, StringComparer.Ordinal)];
    }

    private static void Walk(string root, DirectoryInfo dir, List<(string, string)> found)
    {
        foreach (var file in dir.EnumerateFiles()) found.Add((Relative(root, file.FullName), file.FullName));
        foreach (var sub in dir.EnumerateDirectories())
        {
            if (!SkippedFolderNames.Contains(sub.Name)) Walk(root, sub, found);
        }
    }

    private static string Relative(string root, string full) => Path.GetRelativePath(root, full).Replace('\\', '/');

    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[8192];
        var read = stream.Read(buffer, 0, buffer.Length);
        return Array.IndexOf(buffer, (byte)0, 0, read) >= 0;
    }

    /// <summary>Why this code (comments removed) points outside the repository, or null.</summary>
    private static string? OutsideReference(string code, string relative, CommentStyle style, string root)
    {
        if (SharedFolder().IsMatch(code)) return "names the shared folder beside the repository";
        var absolute = MachinePath().Match(code);
        if (absolute.Success) return $"absolute path on one machine ('{absolute.Value}')";
        if (!style.PathsAreRelativeToTheFile) return null;

        // Project files and scripts: a relative path climbing with '..' is resolved from the file's own folder.
        var folder = Path.GetDirectoryName(Path.Combine(root, relative))!;
        foreach (Match token in PathToken().Matches(code))
        {
            var segments = token.Value.Split('/', '\\');
            var first = Array.IndexOf(segments, "..");
            if (first < 0) continue;
            var kept = segments.Skip(first).TakeWhile(s => s.IndexOfAny(['*', '$', '%', '?']) < 0).ToArray();
            var full = Path.GetFullPath(Path.Combine([folder, .. kept]));
            var inside = string.Equals(full, root, StringComparison.Ordinal)
                || full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            if (!inside) return $"'{token.Value}' resolves outside the repository";
        }

        return null;
    }

    /// <summary>"{up}/shared", "{up}\\shared" or Path.Combine(..., "..", "shared", ...).</summary>
    [GeneratedRegex("""\.\.\s*["']?\s*[,/\\]+\s*["']?\s*shared\b""", RegexOptions.IgnoreCase)]
    private static partial Regex SharedFolder();

    /// <summary>Machine-specific absolute folders (not inside a URL or a longer path).</summary>
    [GeneratedRegex("""(?<![\w.:/~-])/(?:work|home|root|Users|mnt)/|\b[A-Za-z]:[\\/]+(?:Users|work)\b""")]
    private static partial Regex MachinePath();

    [GeneratedRegex("""[^\s"'<>;|=()`,]+""")]
    private static partial Regex PathToken();

    /// <summary>How comments are written in a kind of file, so provenance notes in them can be left alone.</summary>
    private sealed record CommentStyle(string[] LineMarkers, (string Open, string Close)[] Blocks, bool PathsAreRelativeToTheFile)
    {
        private static readonly CommentStyle CLike = new(["//"], [("/*", "*/")], false);
        private static readonly CommentStyle Razor = new(["//"], [("@*", "*@"), ("<!--", "-->"), ("/*", "*/")], false);
        private static readonly CommentStyle MsBuild = new([], [("<!--", "-->")], true);
        private static readonly CommentStyle Xml = new([], [("<!--", "-->")], false);
        private static readonly CommentStyle Shell = new(["#"], [], true);
        private static readonly CommentStyle Hash = new(["#"], [], false);
        private static readonly CommentStyle Lua = new(["--"], [("--[[", "]]")], false);
        private static readonly CommentStyle None = new([], [], false);

        public static CommentStyle For(string relative)
        {
            var name = relative[(relative.LastIndexOf('/') + 1)..];
            var extension = Path.GetExtension(name).ToUpperInvariant();
            return extension switch
            {
                ".CS" or ".JS" or ".TS" or ".CSS" => CLike,
                ".CSHTML" or ".RAZOR" => Razor,
                ".CSPROJ" or ".PROPS" or ".TARGETS" or ".SLNX" => MsBuild,
                ".XML" or ".RESX" or ".HTML" or ".CONFIG" => Xml,
                ".SH" or ".BASH" => Shell,
                "" when relative.StartsWith(".ci/", StringComparison.Ordinal) => Shell,
                ".YAML" or ".YML" or ".TXT" or ".EDITORCONFIG" or ".GITIGNORE" => Hash,
                ".LUA" => Lua,
                _ => None,
            };
        }

        /// <summary>The line without its comments; <paramref name="openBlock"/> carries an unclosed block comment to the next line.</summary>
        public string CodePart(string line, ref string? openBlock)
        {
            var code = new StringBuilder();
            var i = 0;
            while (i < line.Length)
            {
                if (openBlock is not null)
                {
                    var end = line.IndexOf(openBlock, i, StringComparison.Ordinal);
                    if (end < 0) return code.ToString();
                    i = end + openBlock.Length;
                    openBlock = null;
                    continue;
                }

                var (at, marker, close) = NextComment(line, i);
                if (at < 0)
                {
                    code.Append(line, i, line.Length - i);
                    break;
                }

                code.Append(line, i, at - i);
                if (close is null) break;
                openBlock = close;
                i = at + marker.Length;
            }

            return code.ToString();
        }

        private (int At, string Marker, string? Close) NextComment(string line, int from)
        {
            (int At, string Marker, string? Close) best = (-1, "", null);
            foreach (var (open, close) in Blocks) Consider(open, close);
            foreach (var marker in LineMarkers) Consider(marker, null);
            return best;

            void Consider(string marker, string? close)
            {
                for (var at = line.IndexOf(marker, from, StringComparison.Ordinal); at >= 0; at = line.IndexOf(marker, at + 1, StringComparison.Ordinal))
                {
                    if (!IsComment(line, at, marker)) continue;
                    // The earliest wins; at the same place a block opener ("--[[") beats a line marker ("--").
                    if (best.At < 0 || at < best.At) best = (at, marker, close);
                    return;
                }
            }
        }

        private static bool IsComment(string line, int at, string marker) => marker switch
        {
            "//" => at == 0 || line[at - 1] != ':', // not the "//" of a URL
            "#" => at == 0 || char.IsWhiteSpace(line[at - 1]), // not "$#" or "${#x}" in a script
            _ => true,
        };
    }
}
