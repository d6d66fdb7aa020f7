namespace Harness.Controller.Tests.Admission;

public sealed class RestoreAdmissionBinaryTests(BinaryHttpsAdmissionFixture fixture)
    : RestoreAdmissionTests<BinaryHttpsAdmissionFixture>(fixture), IClassFixture<BinaryHttpsAdmissionFixture>;
