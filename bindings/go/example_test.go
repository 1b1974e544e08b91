package ofxkit_test

import (
	"fmt"
	"log"

	"ofxkit.example/ofxkit"
)

// Reading a file: typed statements with exact amounts. (README.md shows this example.)
func ExampleReadFile() {
	resp, err := ofxkit.ReadFile("../../examples/data/sample.ofx")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()

	statements, err := resp.Statements()
	if err != nil {
		log.Fatal(err)
	}
	for _, st := range statements {
		fmt.Printf("%s %s: %d transactions, total %s %s\n", st.Kind, st.AccountID,
			len(st.Transactions), st.Total().FloatString(2), st.Currency)
	}
	first := statements[0].Transactions[0]
	fmt.Println(first.Type, first.Amount, first.Name, first.Posted.UTC().Format("2006-01-02 15:04"))
	// Output:
	// bank 0004417725: 5 transactions, total 1106.05 USD
	// creditcard 4000123412341234: 2 transactions, total 476.01 USD
	// DIRECTDEP 2450.00 PAYROLL NORTHWIND TRADERS 2024-01-05 17:00
}
