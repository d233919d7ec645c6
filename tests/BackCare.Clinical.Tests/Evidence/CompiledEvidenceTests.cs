using System.Text.Json;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Compiled;
using BackCare.Clinical.Evidence.Sections;

namespace BackCare.Clinical.Tests.Evidence;

/// <summary>The compiled form the build embeds is the YAML, validated, and nothing else (docs/adr/0010).</summary>
public sealed class CompiledEvidenceTests
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private static EvidenceBase FreshFromYaml()
    {
        var result = EmbeddedEvidence.Load();
        result.IsValid.ShouldBeTrue(string.Join(Environment.NewLine, result.Problems));
        return result.Base!;
    }

    [Fact]
    public void The_embedded_compiled_form_is_byte_for_byte_what_the_embedded_yaml_compiles_to()
    {
        // Fails when data/ changed and the compiled form was not rebuilt from it, or the build embedded something else.
        CompiledEvidence.Write(FreshFromYaml()).ShouldBe(EmbeddedEvidence.CompiledBytes());
    }

    [Fact]
    public void Every_section_read_from_the_compiled_form_equals_a_fresh_yaml_load_field_by_field()
    {
        var yaml = FreshFromYaml();
        var compiled = CompiledEvidence.Read(EmbeddedEvidence.CompiledBytes());
        foreach (var section in EvidenceSections.All)
        {
            var expected = yaml.Kept(section);
            var actual = compiled.Kept(section);
            actual.GetType().ShouldBe(expected.GetType(), section.Key);
            JsonSerializer.Serialize(actual, actual.GetType(), Json).ShouldBe(JsonSerializer.Serialize(expected, expected.GetType(), Json), section.Key);
        }
    }

    [Fact]
    public void Every_public_view_of_the_base_is_the_same_whichever_form_it_was_loaded_from()
    {
        var yaml = FreshFromYaml();
        var compiled = EmbeddedEvidence.Default;
        foreach (var property in typeof(EvidenceBase).GetProperties())
        {
            var expected = property.GetValue(yaml);
            var actual = property.GetValue(compiled);
            JsonSerializer.Serialize(actual, property.PropertyType, Json).ShouldBe(JsonSerializer.Serialize(expected, property.PropertyType, Json), property.Name);
        }

        compiled.AllIds.ShouldBe(yaml.AllIds);
        compiled.Monograph(compiled.DrugById("diazepam")!).SourceIds.ShouldBe(yaml.Monograph(yaml.DrugById("diazepam")!).SourceIds);
    }

    [Fact]
    public void A_codec_carries_every_field_it_is_given()
    {
        // A hand-made record with every optional field set, so a field a codec drops or swaps cannot hide behind
        // data that happens to leave it empty.
        var statement = new Statement("text", ["a", "b"], Confirmation.Partial, StatementBasis.DesignRule, "why");
        var source = new Source("s", SourceKind.Review, "A, B", "T", "C", 2020, 2021, "doi", "pmid", "url", Confirmation.Unverified, "note")
        { Label = "label" };
        RoundTrip(statement, RecordCodecs.Statement).ShouldBe(JsonSerializer.Serialize(statement, Json));
        RoundTrip(source, RecordCodecs.Source).ShouldBe(JsonSerializer.Serialize(source, Json));
    }

    [Fact]
    public void Scoring_a_questionnaire_reads_the_instruments_and_not_the_drug_monographs()
    {
        var evidence = CompiledEvidence.Read(EmbeddedEvidence.CompiledBytes());
        evidence.Instrument("gad7").ShouldNotBeNull();
        evidence.IsRead(EvidenceSections.Instruments).ShouldBeTrue();
        evidence.IsRead(EvidenceSections.Drugs).ShouldBeFalse();
        evidence.IsRead(EvidenceSections.Sources).ShouldBeFalse();

        evidence.DrugByName("Valium")!.Id.ShouldBe("diazepam");
        evidence.IsRead(EvidenceSections.Drugs).ShouldBeTrue();
    }

    [Fact]
    public void A_compiled_form_of_another_format_is_refused_with_a_reason()
    {
        var bytes = EmbeddedEvidence.CompiledBytes().ToArray();
        bytes[1] ^= 0xFF;
        Should.Throw<InvalidDataException>(() => CompiledEvidence.Read(bytes)).Message.ShouldContain("rebuild");
    }

    private static string RoundTrip<T>(T value, Codec<T> codec)
        where T : class
    {
        using var stream = new MemoryStream();
        var writer = EvidenceCodec.Writing(stream);
        codec(writer, value);
        writer.Flush();
        stream.Position = 0;
        return JsonSerializer.Serialize(codec(EvidenceCodec.Reading(stream), null), Json);
    }
}
