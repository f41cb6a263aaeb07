// Example.java - one provider, one trajectory with a diagnosis, a prestatie and a measurement,
// written as the file of 2024-Q1. See README.md for building and running.

import nl.spiegelinformatie.Delivery;
import nl.spiegelinformatie.Diagnostic;
import nl.spiegelinformatie.Report;
import nl.spiegelinformatie.SpiegelException;

public final class Example {
    public static void main(String[] args) {
        String path = args.length > 0 ? args[0] : "spiegel-2024-Q1.xml";
        try (Delivery delivery = new Delivery()) {
            delivery.setQuarter("2024-Q1");
            int provider = delivery.addZorgaanbieder("12345678");
            // vendor key (yours, for diagnostics), begindatum, einddatum (null: open), groep_code
            int traject = delivery.addZorgtraject(provider, "EPD-4711", "2023-11-02", null, "Locatie A");
            delivery.addPrimair(traject, "D5_5.03", "2023-11-20");
            delivery.addPrestatie(traject, "CO0001", "2024-02-01");
            int meting = delivery.addMeting(traject, "CQi-GGZ-VZ-AKWA", "2024-02-10");
            delivery.addItem(meting, "1", "4");

            // Atomic: the file appears complete or not at all.
            try (Report report = delivery.writeFile(path)) {
                for (Diagnostic d : report) {
                    System.out.println("report: " + d.severity + " " + d.rule + " " + d.message);
                }
            }
            System.out.println("wrote " + path);
        } catch (SpiegelException e) {
            System.err.println("failed with code " + e.getCode() + ": " + e.getMessage());
            for (Diagnostic d : e.getDiagnostics()) {
                System.err.println("  " + d);
            }
            System.exit(1);
        }
    }
}
