namespace BackCare.App;

/// <summary>The deployment's emergency number, urgent advice line and crisis line, for messages built outside the web pages (the PDF summary).</summary>
public sealed record SafetyContacts(string EmergencyNumber, string UrgentAdviceLine, string CrisisLine);
