package smilefixture;

/** Loads a Smile classifier class, as any use of an old Smile would, and says so. */
public final class Touch {
    private Touch() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("loaded " + Class.forName("smile.classification.RandomForest").getName());
    }
}
