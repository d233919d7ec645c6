using BackCare.Clinical.Evidence.Compiled;
using BackCare.Clinical.Evidence.Loading;

// Usage: BackCare.EvidenceCompiler DATA_FOLDER OUTPUT_FILE
// Validates every .yaml under DATA_FOLDER exactly as `backcare evidence validate` does and, when it is valid, writes
// the compiled form. A problem is printed as an MSBuild error naming file(line,column), and the build stops.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: BackCare.EvidenceCompiler DATA_FOLDER OUTPUT_FILE");
    return 2;
}

var data = Path.GetFullPath(args[0]);
var output = Path.GetFullPath(args[1]);
var files = Directory.EnumerateFiles(data, "*.yaml", SearchOption.AllDirectories)
    .Select(path => new EvidenceFile("data/" + Path.GetRelativePath(data, path).Replace('\\', '/'), File.ReadAllText(path)))
    .ToList();
var result = EvidenceLoader.Load(files);
if (!result.IsValid)
{
    foreach (var p in result.Problems)
    {
        var path = Path.Combine(data, p.File["data/".Length..]);
        Console.Error.WriteLine($"{path}({p.Line},{p.Column}): error BCEVIDENCE: {p.Message}");
    }

    Console.Error.WriteLine($"error BCEVIDENCE: the evidence base has {result.Problems.Count} problem(s); see `backcare evidence validate --data data`");
    return 1;
}

var bytes = CompiledEvidence.Write(result.Base!);
if (!CompiledEvidence.Write(CompiledEvidence.Read(bytes)).AsSpan().SequenceEqual(bytes))
{
    Console.Error.WriteLine("error BCEVIDENCE: the compiled evidence does not read back as written (a codec in Evidence/Compiled/RecordCodecs.cs is wrong)");
    return 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
var temporary = output + ".tmp";
File.WriteAllBytes(temporary, bytes);
File.Move(temporary, output, overwrite: true);
Console.WriteLine($"compiled evidence: {files.Count} files, {bytes.Length} bytes -> {output}");
return 0;
