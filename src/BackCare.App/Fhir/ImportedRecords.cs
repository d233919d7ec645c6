namespace BackCare.App.Fhir;

/// <summary>
/// A questionnaire brought in from another app or an EHR (FHIR import): the item answers only, re-scored by BackCare's
/// engine whenever it is shown (a total stated by the sender is never stored or trusted).
/// </summary>
public sealed class ImportedResponseRecord
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string InstrumentId { get; set; }

    /// <summary>The item answers in instrument order, as a JSON array of integers.</summary>
    public required string AnswersJson { get; set; }

    public DateTime AuthoredAt { get; set; }
    public DateTime ImportedAt { get; set; }

    /// <summary>The item answers read back from <see cref="AnswersJson"/>.</summary>
    public int?[] ReadAnswers() => System.Text.Json.JsonSerializer.Deserialize<int?[]>(AnswersJson) ?? [];
}

/// <summary>A medicine brought in from a FHIR MedicationStatement: the text as sent, recognised like any typed medicine.</summary>
public sealed class ImportedMedicationRecord
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Text { get; set; }
    public DateTime ImportedAt { get; set; }
}
