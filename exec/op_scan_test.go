package exec

import "testing"

func TestScan(t *testing.T) {
	runCases(t, nil, []queryCase{
		// The reference's examples.
		{"cumulative sum", `range x from 1 to 5 step 1
			| scan declare (cumulative_x:long=0) with (
				step s1: true => cumulative_x = x + s1.cumulative_x;
			)`, `
			x:long, cumulative_x:long
			[1,1]
			[2,3]
			[3,6]
			[4,10]
			[5,15]`},
		{"cumulative sum with reset", `range x from 1 to 5 step 1
			| scan declare (cumulative_x:long=0) with (
				step s1: true => cumulative_x = iff(s1.cumulative_x >= 10, x, x + s1.cumulative_x);
			)`, `
			x:long, cumulative_x:long
			[1,1]
			[2,3]
			[3,6]
			[4,10]
			[5,5]`},
		{"fill forward", `let Events = datatable (Ts: timespan, Event: string) [
				0m, "A", 1m, "", 2m, "B", 3m, "", 4m, "", 6m, "C", 8m, "", 11m, "D", 12m, ""];
			Events
			| sort by Ts asc
			| scan declare (Event_filled: string="") with (
				step s1: true => Event_filled = iff(isempty(Event), s1.Event_filled, Event);
			)`, `
			Ts:timespan, Event:string, Event_filled:string
			["00:00:00","A","A"]
			["00:01:00","","A"]
			["00:02:00","B","B"]
			["00:03:00","","B"]
			["00:04:00","","B"]
			["00:06:00","C","C"]
			["00:08:00","","C"]
			["00:11:00","D","D"]
			["00:12:00","","D"]`},
		{"events between start and stop", `let Events = datatable (Ts: timespan, Event: string) [
				0m, "A", 1m, "Start", 2m, "B", 3m, "D", 4m, "Stop", 6m, "C", 8m, "Start", 11m, "E", 12m, "Stop"];
			Events
			| sort by Ts asc
			| scan with_match_id=m_id with (
				step s1: Event == "Start";
				step s2: Event != "Start" and Event != "Stop" and Ts - s1.Ts <= 5m;
				step s3: Event == "Stop" and Ts - s1.Ts <= 5m;
			)`, `
			Ts:timespan, Event:string, m_id:long
			["00:01:00","Start",0]
			["00:02:00","B",0]
			["00:03:00","D",0]
			["00:04:00","Stop",0]
			["00:08:00","Start",1]
			["00:11:00","E",1]
			["00:12:00","Stop",1]`},
		{"output none and last", `let Events = datatable (Ts: timespan, Event: string) [
				1m, "Start", 2m, "B", 3m, "D", 4m, "Stop"];
			Events
			| scan with_match_id=m with (
				step s1 output=none: Event == "Start";
				step s2 output=last: Event != "Stop";
				step s3: Event == "Stop";
			)`, `
			Ts:timespan, Event:string, m:long
			["00:03:00","D",0]
			["00:04:00","Stop",0]`},
		// The state of step b holds the row a matched: a.first stays 1 there.
		{"state carried to the next step", `range x from 1 to 4 step 1
			| scan declare (first:long) with (
				step a: x == 1 => first = x;
				step b: x > a.first => first = first * 10;
			)`, `
			x:long, first:long
			[1,1]
			[2,10]
			[3,100]
			[4,1000]`},
		// learn.microsoft.com/kusto/query/scan-operator, sessions tagging: the
		// first step matching again continues its sequence (same match id).
		{"sessions tagging", `let Events = datatable (Ts: timespan, Event: string) [
				0m, "A", 1m, "A", 2m, "B", 3m, "D", 32m, "B", 36m, "C", 38m, "D", 41m, "E", 75m, "A"];
			Events
			| sort by Ts asc
			| scan with_match_id=session_id declare (sessionStart: timespan) with (
				step inSession: true => sessionStart = iff(isnull(inSession.sessionStart), Ts, inSession.sessionStart);
				step endSession output=none: Ts - inSession.sessionStart > 30m;
			)
			| summarize min(Ts), count() by session_id, sessionStart`, `
			session_id:long, sessionStart:timespan, min_Ts:timespan, count_:long
			[0,"00:00:00","00:00:00",4]
			[1,"00:32:00","00:32:00",4]
			[2,"01:15:00","01:15:00",1]`},
		{"undeclared assignment", `range x from 1 to 2 step 1 | scan with (step s: true => y = 1;)`, `error: not a declared column`},
		{"non-bool condition", `range x from 1 to 2 step 1 | scan with (step s: x;)`, `error: must be bool`},
	})
}
