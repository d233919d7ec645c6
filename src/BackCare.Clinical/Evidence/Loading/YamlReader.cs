using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Evidence.Loading;

/// <summary>
/// Reads YAML nodes strictly (unknown keys, missing fields and wrong types are problems with a
/// line number), so a reviewer's typo is caught instead of silently ignored.
/// </summary>
internal sealed class YamlReader(string file, List<EvidenceProblem> problems, TextChecks textChecks)
{
    public string File { get; } = file;

    public void Problem(YamlNode node, string message) =>
        problems.Add(new EvidenceProblem(File, (int)node.Start.Line, (int)node.Start.Column, message));

    public YamlSequenceNode? RootList(YamlStream stream, string key)
    {
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(new EvidenceProblem(File, 1, 1, $"expected a mapping with a '{key}' list"));
            return null;
        }

        CheckKeys(root, key);
        return Sequence(root, key, required: true);
    }

    public void CheckKeys(YamlMappingNode map, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name))
            {
                Problem(key, $"unknown field '{name}' (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    public YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public string? String(YamlMappingNode map, string key, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Problem(map, $"missing required field '{key}'");
            return null;
        }

        if (node is YamlScalarNode scalar && !string.IsNullOrWhiteSpace(scalar.Value))
        {
            return scalar.Value.Trim();
        }

        Problem(node, $"'{key}' must be a non-empty text value");
        return null;
    }

    public string Id(YamlMappingNode map)
    {
        var id = String(map, "id", required: true) ?? "";
        if (id.Length > 0 && !IdPattern.IsMatch(id))
        {
            Problem(Get(map, "id")!, $"id '{id}' must be snake_case (lower-case letters, digits and single underscores)");
        }

        return id;
    }

    public int? Int(YamlMappingNode map, string key, bool required = false, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = String(map, key, required);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problem(Get(map, key)!, $"'{key}' must be a whole number from {min} to {max}");
        return null;
    }

    public TEnum? Enum<TEnum>(YamlMappingNode map, string key, bool required = false, TEnum? fallback = null)
        where TEnum : struct, Enum
    {
        var text = String(map, key, required);
        if (text is null) return fallback;
        if (EnumNames.TryParse<TEnum>(text, out var value)) return value;
        Problem(Get(map, key)!, $"'{key}' is '{text}'; allowed: {string.Join(", ", EnumNames.All<TEnum>())}");
        return fallback;
    }

    public ImmutableArray<TEnum> EnumList<TEnum>(YamlMappingNode map, string key, bool required = false)
        where TEnum : struct, Enum
    {
        var builder = ImmutableArray.CreateBuilder<TEnum>();
        var seq = Sequence(map, key, required);
        if (seq is null) return [];
        foreach (var item in seq)
        {
            var text = (item as YamlScalarNode)?.Value ?? "";
            if (EnumNames.TryParse<TEnum>(text, out var value)) builder.Add(value);
            else Problem(item, $"'{text}' in '{key}' is not allowed; allowed: {string.Join(", ", EnumNames.All<TEnum>())}");
        }

        return builder.ToImmutable();
    }

    public YamlSequenceNode? Sequence(YamlMappingNode map, string key, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Problem(map, $"missing required list '{key}'");
            return null;
        }

        if (node is YamlSequenceNode seq) return seq;
        Problem(node, $"'{key}' must be a list");
        return null;
    }

    public YamlMappingNode? Mapping(YamlMappingNode map, string key, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Problem(map, $"missing required field '{key}'");
            return null;
        }

        if (node is YamlMappingNode child) return child;
        Problem(node, $"'{key}' must be a mapping");
        return null;
    }

    /// <summary>A list of plain text items; each is checked for dosing instructions.</summary>
    public ImmutableArray<string> TextList(YamlMappingNode map, string key, bool required = false, bool isIdList = false)
    {
        var seq = Sequence(map, key, required);
        if (seq is null) return [];
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var item in seq)
        {
            if (item is YamlScalarNode scalar && !string.IsNullOrWhiteSpace(scalar.Value))
            {
                builder.Add(scalar.Value.Trim());
                if (!isIdList) textChecks.Check(this, item, scalar.Value, Confirmation.Verified);
            }
            else
            {
                Problem(item, $"items of '{key}' must be non-empty text");
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Ids that must exist elsewhere; recorded so they can be resolved after loading.</summary>
    public ImmutableArray<string> References(YamlMappingNode map, string key, ReferenceKind kind, List<Reference> references, bool required = false)
    {
        var seq = Sequence(map, key, required);
        if (seq is null) return [];
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var item in seq)
        {
            var id = (item as YamlScalarNode)?.Value?.Trim() ?? "";
            if (id.Length == 0)
            {
                Problem(item, $"items of '{key}' must be ids");
                continue;
            }

            builder.Add(id);
            references.Add(new Reference(kind, id, File, (int)item.Start.Line, (int)item.Start.Column));
        }

        if (required && builder.Count == 0) Problem(seq, $"'{key}' must name at least one id");
        return builder.ToImmutable();
    }

    /// <summary>A checked text value (interaction wording): dosing check applies.</summary>
    public string Text(YamlMappingNode map, string key, bool required = true)
    {
        var text = String(map, key, required) ?? "";
        if (text.Length > 0) textChecks.Check(this, Get(map, key)!, text, Confirmation.Verified);
        return text;
    }

    /// <summary>Patient-facing wording: the dose check plus "never tells anyone to start, stop or change a medicine".</summary>
    public string PatientText(YamlMappingNode map, string key)
    {
        var text = Text(map, key);
        if (text.Length > 0 && TextChecks.FindMedicineInstruction(text) is { } instruction)
        {
            Problem(Get(map, key)!, $"patient wording tells the person to change a medicine ('{instruction}'); say what to discuss and with whom instead");
        }

        return text;
    }

    /// <summary>A statement: <c>{text, sources, status?}</c>; sources are required.</summary>
    public Statement? Statement(YamlNode node, List<Reference> references, params string[] otherKeys)
    {
        if (node is not YamlMappingNode map)
        {
            Problem(node, "a statement must be a mapping {text, sources, status}");
            return null;
        }

        CheckKeys(map, ["text", "sources", "status", "basis", "rationale", .. otherKeys]);
        var text = String(map, "text", required: true);
        var status = Enum<Confirmation>(map, "status", fallback: Confirmation.Verified) ?? Confirmation.Verified;
        var (basis, rationale) = Basis(map);

        ImmutableArray<string> sources = [];
        if (Get(map, "sources") is not null)
        {
            sources = References(map, "sources", ReferenceKind.Source, references, required: true);
        }
        else if (basis == StatementBasis.Evidence)
        {
            Problem(map, "statement has no 'sources': every statement must cite at least one source (or be marked 'basis: design_rule' with a 'rationale')");
        }

        if (text is null) return null;
        textChecks.Check(this, Get(map, "text")!, text, status);
        if (basis == StatementBasis.Evidence) textChecks.EvidenceStatements.Add((File, (int)map.Start.Line, (int)map.Start.Column, status, sources));
        return new Statement(text, sources, status, basis, rationale);
    }

    /// <summary>
    /// <c>basis</c> (evidence, the default, or design_rule) and <c>rationale</c>: a design rule must say why the team
    /// chose it, and only a design rule has a rationale (an evidence statement is backed by its sources).
    /// </summary>
    public (StatementBasis Basis, string? Rationale) Basis(YamlMappingNode map)
    {
        var basis = Enum<StatementBasis>(map, "basis", fallback: StatementBasis.Evidence) ?? StatementBasis.Evidence;
        var rationale = Get(map, "rationale") is null ? null : String(map, "rationale");
        if (basis == StatementBasis.DesignRule && rationale is null)
        {
            Problem(map, "'basis: design_rule' must give its 'rationale' (why the team chose this rule)");
        }
        else if (basis == StatementBasis.Evidence && rationale is not null)
        {
            Problem(Get(map, "rationale")!, "'rationale' belongs to 'basis: design_rule'; an evidence statement is backed by its sources");
        }

        return (basis, rationale);
    }

    public Statement? Statement(YamlMappingNode map, string key, List<Reference> references, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Problem(map, $"missing required statement '{key}'");
            return null;
        }

        return Statement(node, references);
    }

    public ImmutableArray<Statement> Statements(YamlMappingNode map, string key, List<Reference> references)
    {
        var seq = Sequence(map, key);
        if (seq is null) return [];
        var builder = ImmutableArray.CreateBuilder<Statement>();
        foreach (var item in seq)
        {
            var statement = Statement(item, references);
            if (statement is not null) builder.Add(statement);
        }

        return builder.ToImmutable();
    }

    private static readonly System.Text.RegularExpressions.Regex IdPattern =
        new("^[a-z0-9]+(_[a-z0-9]+)*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}

internal enum ReferenceKind
{
    Source,
    DrugClass,
    Drug,
    Finding,
    Condition,
    PlanStep,
    Intervention,
    ClaimTopic,
}

internal sealed record Reference(ReferenceKind Kind, string Id, string File, int Line, int Column);
