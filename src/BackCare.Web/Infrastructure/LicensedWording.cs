using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Web.Infrastructure;

/// <summary>
/// Section "BackCare:LicensedWording": the published wording of questionnaires BackCare does not ship
/// (data/instruments.yaml, <c>licence.reproduceItems: false</c> — Roland-Morris, PEG). A deployment that
/// holds a licence supplies, per instrument id, <c>File</c> (UTF-8 text, one item per line in item order;
/// blank lines and lines starting with '#' are ignored) and <c>Notice</c> (the copyright notice the licence
/// asks for). Without it, PEG shows BackCare's own short labels and the optional Roland-Morris questions
/// are not offered. Problems stop start-up with a message naming the setting, the file and the line.
/// </summary>
public sealed class LicensedWording
{
    public const string Section = "BackCare:LicensedWording";

    private const int MaxStatementLength = 400;

    private readonly ImmutableDictionary<string, Wording> byInstrument;

    private LicensedWording(ImmutableDictionary<string, Wording> byInstrument) => this.byInstrument = byInstrument;

    /// <summary>True when the deployment supplied the licensed wording for this instrument.</summary>
    public bool Has(string instrumentId) => byInstrument.ContainsKey(instrumentId);

    /// <summary>The licensed text of one item (1-based), or null when none was supplied.</summary>
    public string? ItemText(string instrumentId, int number) =>
        byInstrument.TryGetValue(instrumentId, out var w) && number >= 1 && number <= w.Items.Length ? w.Items[number - 1] : null;

    /// <summary>The deployment's notice for supplied wording, or null.</summary>
    public string? Notice(string instrumentId) => byInstrument.TryGetValue(instrumentId, out var w) ? w.Notice : null;

    public static LicensedWording Load(IConfiguration configuration, EvidenceBase evidence, string contentRoot)
    {
        var section = configuration.GetSection(Section);
        var loaded = ImmutableDictionary.CreateBuilder<string, Wording>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            var setting = $"{Section}:{child.Key}";
            var instrument = evidence.Instrument(child.Key)
                ?? throw new InvalidOperationException($"{setting}: no questionnaire has the id '{child.Key}' (see data/instruments.yaml).");
            if (instrument.Licence.ReproduceItems)
            {
                throw new InvalidOperationException($"{setting}: BackCare already shows the wording of {instrument.Name}; remove this setting.");
            }

            var file = child["File"];
            var notice = child["Notice"];
            if (string.IsNullOrWhiteSpace(file)) throw new InvalidOperationException($"{setting}:File is required (a text file with one statement per line).");
            if (string.IsNullOrWhiteSpace(notice)) throw new InvalidOperationException($"{setting}:Notice is required (the copyright notice your licence asks you to show).");
            var path = Path.GetFullPath(file, contentRoot);
            if (!File.Exists(path)) throw new InvalidOperationException($"{setting}:File: '{path}' does not exist.");

            var items = new List<string>();
            var lineNumber = 0;
            foreach (var raw in File.ReadLines(path))
            {
                lineNumber++;
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                if (line.Length > MaxStatementLength)
                {
                    throw new InvalidOperationException($"{path}:{lineNumber}: a statement is at most {MaxStatementLength} characters (this one has {line.Length}).");
                }

                items.Add(line);
            }

            if (items.Count != instrument.Items.Length)
            {
                throw new InvalidOperationException(
                    $"{setting}:File: '{path}' has {items.Count} statements; {instrument.Name} has {instrument.Items.Length}, one per line in order.");
            }

            loaded[instrument.Id] = new Wording([.. items], notice.Trim());
        }

        return new LicensedWording(loaded.ToImmutable());
    }

    private sealed record Wording(ImmutableArray<string> Items, string Notice);
}
