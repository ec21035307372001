package exec

import "testing"

var findTables = kqlTables(map[string]string{
	"Fruit1": `datatable(Fruit:string, Price:long, Shop:string)
		["apple", 3, "north",
		 "pear", 4, "south"]`,
	"Fruit2": `datatable(Fruit:string, Price:long, Color:string)
		["apple", 5, "red",
		 "plum", 2, "blue"]`,
	"Other": `datatable(Name:string)
		["apple"]`,
})

func TestFind(t *testing.T) {
	runCases(t, findTables, []queryCase{
		// Tables without Fruit are skipped; the predicate's and common
		// columns are kept, the rest packed into pack_.
		{"project-smart default", `find in (Fruit1, Fruit2, Other) where Fruit == "apple"`, `
			source_:string, Fruit:string, Price:long, pack_:dynamic
			["Fruit1","apple",3,{"Shop":"north"}]
			["Fruit2","apple",5,{"Color":"red"}]`},
		{"withsource", `find withsource=T in (Fruit*) where Price > 3 project-smart`, `
			T:string, Fruit:string, Price:long, pack_:dynamic
			["Fruit1","pear",4,{"Shop":"south"}]
			["Fruit2","apple",5,{"Color":"red"}]`},
		{"project columns", `find in (Fruit1, Fruit2) where Fruit == "apple" project Fruit, Shop, Color`, `
			source_:string, Fruit:string, Shop:string, Color:string
			["Fruit1","apple","north",""]
			["Fruit2","apple","","red"]`},
		{"project typed and pack_all", `find in (Fruit1, Fruit2) where Price < 4 project Price:string, pack_all()`, `
			source_:string, Price:string, pack_:dynamic
			["Fruit1","3",{"Fruit":"apple","Shop":"north"}]
			["Fruit2","2",{"Fruit":"plum","Color":"blue"}]`},
		{"star has over all tables", `find where * has "apple" project Fruit, Name`, `
			source_:string, Fruit:string, Name:string
			["Fruit1","apple",""]
			["Fruit2","apple",""]
			["Other","","apple"]`},
		{"tabular expression source", `find in ((Fruit1 | where Shop == "south")) where Price > 0 project Fruit`, `
			source_:string, Fruit:string
			["","pear"]`},
		{"bad project", `find in (Fruit1) where Price > 0 project Price + 1`, `error: find: project expects`},
	})
}
