namespace Harness.Controller.Tests.Admission;

public sealed class RestoreAdmissionHttpsTests(EmbeddedHttpsAdmissionFixture fixture)
    : RestoreAdmissionTests<EmbeddedHttpsAdmissionFixture>(fixture), IClassFixture<EmbeddedHttpsAdmissionFixture>;
