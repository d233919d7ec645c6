namespace BackCare.Interop.Fhir;

public static class FhirConstants
{
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Snomed = "http://snomed.info/sct";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string OrdinalValueExtension = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    public const string ItemWeightExtension = "http://hl7.org/fhir/StructureDefinition/itemWeight";

    /// <summary>Base of BackCare's canonical URLs for its Questionnaires.</summary>
    public const string QuestionnaireBase = "urn:backcare:questionnaire:";

    /// <summary>Code system for scores that have no LOINC code (STarT Back, Roland-Morris).</summary>
    public const string ScoreCodeSystem = "urn:backcare:score";
}
