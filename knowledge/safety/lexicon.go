package safety

// The word classes the rules are written in. Words are as the text package
// reads them: lower case, apostrophes dropped ("dont", "im", "hes"), digits
// used as letters read as letters. Phrases are separated by commas; a
// phrase of several words must appear word for word; {name} includes an
// earlier class; a word ending in * matches any word starting with it.
//
// Keep the classes broad: a class is a concept, and every rule that uses
// it learns each new word. A missing word here is a missed crisis; an
// extra word costs at most a false alarm.
func defineClasses(l *lexicon) {
	// Who.
	l.define("self", "i, im, ive, id, ill, me, my, myself, mine, imma, ima, lemme, i am, i have, i had, ah, ma, mi")
	l.define("relative", `mom, mum, mommy, mother, mama, ma, dad, daddy, father, papa, pops, parent, parents, stepmom, stepdad,
		son, sons, daughter, daughters, stepson, stepdaughter, kid, kids, child, children, baby, babies, toddler, infant, teen, teenager,
		brother, bro, brothers, sister, sis, sisters, sibling, siblings, cousin, nephew, niece, uncle, aunt, auntie,
		grandma, grandpa, grandmother, grandfather, nana, granny, gramps, grandson, granddaughter, grandkid, grandkids, grandchild,
		hijo, hija, mijo, mija, hermano, hermana, primo, prima, esposo, esposa, abuela, abuelo, tio, tia, sobrino, sobrina,
		husband, hubby, wife, wifey, partner, spouse, fiance, fiancee, bf, gf, boyfriend, girlfriend, ex, fam, family`)
	l.define("peer", `friend, friends, buddy, bud, homie, bestie, bsf, bff, roommate, roomie, housemate, flatmate, neighbor, neighbour,
		coworker, sponsor, sponsee, guy, girl, dude, man, woman, lady, boy, someone, somebody, person, mate, classmate, client,
		patient, crush, friend of mine, member`)
	l.define("person", "{relative}, {peer}")
	l.define("other", "he, she, they, him, her, them, his, hers, hes, shes, theyre, their, hed, shed, theyd, theyll, hell, shell, he is, she is, they are")
	l.define("subject", "{self}, {other}, {person}")
	l.define("young", "mi hijo, mi hija, my hijo, my hija, mijo, mija, mi bebe, mi nino, mi nina, lad, little lad, lass, little one, wee one, bairn, youngster, little man, little guy, the baby, toddler, kid, kids, little girl, little boy, lil sister, lil brother, little sister, little brother, baby brother, baby sister, my son, my daughter, 2yo, 3yo, 4yo, 5yo, 6yo, year old, yr old, grandma, grandpa, nana, granny, grandmother, grandfather, child, children, baby, babies, toddler, infant, little one, lil one, nephew, niece, grandkid, grandson, granddaughter, grandchild")
	l.define("pet", "dog, puppy, pup, doggo, cat, kitten, kitty, pet, hamster, rabbit, bunny, ferret, parrot, chihuahua, lab, puppies")

	// Wanting, intending, planning.
	l.define("want", `decide, decides, want, wanna, wanted, wish, wishing, ready, going, gonna, plan, planning, planned, trying, tryna, try, decided, deciding,
		about, thinking about, thinking abt, thinking of, think about, thought about, need, needs, wants, going to, willing, choose, chose, rather,
		allowed, allowed to, ok to, okay to, time to, want to just, gonna just, might, might just, could just`)
	// Ways of saying dying or not being alive.
	l.define("die", `die, dying, dead, be dead, death, not exist, not be here, not be around, not be alive, be gone, disappear, disappear forever,
		sleep forever, never wake up, not wake up, not to wake up, stop existing, cease to exist, end it, end it all, end things, end everything,
		end my life, end this, ending it, ending it all, ending things, ending my life, ending everything, take my life, take my own life, kill myself, off myself, leave this world, be with god, go to sleep forever,
		not be here anymore, not live, stop living, stop breathing, sleep and not be here, go to sleep and not be here, not exist anymore, be dead already, be done with it all, be done with everything, be done with life, finish it, finish it all, finish things, finish myself, call it quits, stop everything,
		be with my husband, be with my wife, be with jesus, be with the lord, meet my maker, go home to, join my husband, join my wife,
		go off to sleep, sleep and thats it, not be a problem anymore, not be anyones problem, stop fighting, let go, let go for good, check out, unalive, unalive myself, go to sleep and not wake up,
		kill himself, kill herself, kill themselves, end his life, end her life, end their life, not make it, be free, join`)
	l.define("suicideword", "suicide, suicidal, suicidial, suicde, sucide, sewerslide, sewer slide, unalive, unaliving, unalived, ending it all, end it all, suicidal thoughts, suicidal again")
	l.define("suicide", `kms, kys, ctb, catch the bus,
		kill myself, killing myself, kill my self, off myself, offing myself, end my life, ending my life, take my life, take my own life,
		taking my life, end it all, ending it all, end my own life, self delete, self deleting, rope myself, hang myself, hanging myself,
		shoot myself, jump off, jumping off, overdose on purpose, od on purpose, kill himself, kill herself, kill themselves, killing himself,
		killing herself, end his life, end her life, suicide attempt, tried to kill, attempt suicide`)
	l.define("burden", "burden, burdens, a burden, dead weight, waste of space, taking up space, take up space, another problem, a drain, in the way, holding everyone back, dragging everyone down, draggin them down, dragging them down, pain in the ass, millstone, a millstone, a weight, weight round, albatross, a nuisance, a bother, the problem, the problem person, problem person, ruining everything, ruin everything, only make things worse, make everything worse")
	// Ending one's life said as a purpose: "for end everything", "to end it all".
	l.define("endlife", "go to sleep for good, sleep for good, be gone for good, end everything, end it all, end it, end my life, end things, end this life, ending everything, ending it all, ending it, ending my life, kill myself, off myself, take my life, not wake up, stop living")
	l.define("easier", "easier, simpler, better, a relief, the answer, the only way, the only way out, less painful, peaceful")
	l.define("betteroff", "better off, better of, beter off, happier, fine, easier, relieved, save so much, manage, be fine, better, free, okay, ok, alright, lighter, no worse")
	l.define("without", "without me, without her, without him, without nanna, without nan, without grandma, just wasnt here, wasnt here anymore, wasnt around anymore, were gone, wasnt alive, if i wasnt, if i was gone, if i werent, if i died, if i disappeared, if i left, if i wasnt around, if i wasnt here, if i wasnt in it, if i just wasnt, when im gone, once im gone, with me gone, if i unalived, if i was dead, if i just disappeared, if i just left, if i just died, w/o me, wo me")
	l.define("anymore", "anymore, any more, any longer, much longer, no more, for much longer")
	l.define("cant", "cant, cannot, can not, couldnt, cant even, can barely, unable to")
	// Going on living, said of oneself: "i cant keep living like this".
	l.define("goonliving", "keep living, go on living, keep on living, continue living, live like this anymore, keep living like this, stay alive, be alive anymore")
	// Getting it right next time, said after a try that failed.
	l.define("rightthistime", "do it right this time, get it right this time, finish it this time, finish the job this time, not wake up this time, wont wake up this time, make sure it works this time, be sure this time, make sure this time")
	l.define("goon", "do this, do it, take it, take this, keep doing this, keep going, keep fighting, go on, handle it, handle this, live like this, keep living, do life, deal, cope, hold on, stay, do another, face another, take another, survive another, get through another, make it through another, go through another, carry on, keep on")
	l.define("stop", "stop, end, be over, go away, quit, stop stop")
	l.define("everything", "it all, everything, all of it, my life, life, all this, all of this, every thing, evrything, everythin")
	l.define("pain", "the pain, this, it, the noise, the thoughts, my head, the feeling, this feeling")
	l.define("exitway", "no way out, no way out of this, only way out, only exit, the exit, way out, the permanent one, permanent solution, only option left, last resort, no other way, no escape")
	// Written to be read after: "if anyone sees this later".
	l.define("seenlater", "if u ever read this, if you ever read this, if u ever see this, if you ever see this, when u read this, if anyone sees this, if anyone sees this later, whoever sees this, when yall see this, when you see this, by the time you see this, by the time you read this, by the time anyone reads this, if you are reading this, if ur reading this")
	l.define("pointof", "anymore, of living, of being alive, of me, of it all, in living, in going on, of going on, of life, to life, to living, to any of it")
	l.define("point", "whats the point, what is the point, whats even the point, what even is the point, no point, no reason, nothing left, no reason to live, nothing to live for, no point in living, no point anymore, pointless, dont see the point, cant see the point, dont see a point")
	l.define("tired", "tired, exhausted, done, over it, sick of, drained, worn out")
	l.define("fight", "fighting, trying, living, being alive, being here, existing, everything, it all, all of it, all this, life, this life, waking up, pretending, being me, this")

	// Goodbyes and getting ready.
	l.define("goodbye", "goodbye, good bye, goodbyes, bye, farewell, goodnight forever, good night forever, see you on the other side, so long, peace out forever, signing off forever, sayonara")
	l.define("forever", "forever, for good, everyone, everybody, all, world, cruel world, yall, you all, u all, guys, for the last time, server, this server, discord, the group, this group, fam")
	l.define("note", "it down, that down, them down, it all down, note, notes, letter, letters, goodbye letter, goodbye letters, message, messages, goodbye note, will, video, videos, text, texts, email, emails, dm, dms, post, posts, voicemail, voicemails")
	l.define("wrote", "wrote, written, writing, write, left, finished, leaving, leave, typed, recorded, drafted")
	l.define("last", "last, final, last ever, very last")
	l.define("lastthing", "message, msg, post, time, night, text, words, day, goodbye, thing, dm, weekend, sunday, christmas, birthday")
	l.define("wont", "wont, will not, not gonna, not going to, wont even, dont plan on, not planning on, dont plan to, wouldnt, shant, shall not, wont be, will no longer, no longer")
	l.define("beneed", "be around, be here, be alive, need them, need it, need em, need these, need this, need those, need any of it, be needing, need anything, need my, be able to tell, see it, make it, be there, need none, need none of this, need any of this, be needing any of it, needing any of it, be needing them")
	l.define("giveaway", "gave away, giving away, give away, gave my, giving my, given my, gave him my, gave her my, gave them my, left my, giving him my, giving her my, gave our, gave his, gave her, handing out my, handed over my")
	l.define("belongings", "stuff, things, belongings, dog, cat, pet, hamster, guitar, ps5, xbox, switch, playstation, jewelry, jewellery, watch, ring, clothes, hoodies, shoes, boots, car, bike, phone, laptop, games, plants, records, savings, money")
	l.define("sorry", "sorry for everything, sorry for all of it, sorry for all, sorry for being, sorry i wasnt, sorry i was, sorry to everyone, im sorry for everything, forgive me, sorry for evrything, sorry about everything")
	l.define("loveall", "love you all, love u all, love yall, love you guys, love u guys, love you, love u, ill miss, i will miss, gonna miss, miss you all, take care of each other, take care of yourselves, take care of urselves, take care of my, look after my, look out for my, thanks for everything, thank you for everything, thx for everything, thanks for trying, thx for trying, thanks for putting up, thanks for listening")
	l.define("tellthem", "tell my, tell him, tell her, tell them, tell everyone, let my, tell dre, tell mom, tell dad")
	l.define("affairs", `everything in order, affairs in order, things in order, got my affairs, life insurance, my will, the will, beneficiary,
		passwords, password, pin, bank pin, paid off, paying off, tidying, tidying up, tidied up, funeral plan, funeral, found a good home for, found a new home for, new home for my, rehome, rehomed, rehoming, wills, deleted all my socials, deleted my socials, deleted all my, deleted everything,
		made arrangements, funeral, who gets my, sorted everything, all sorted, tied up loose ends, loose ends,
		cleaned out my office, cleaned out my desk, cleaned out my locker, cleaned out my room, emptied my locker, emptied my desk,
		where my stuff goes, where all my stuff goes, who gets my stuff, who gets all my, find somebody else to run, find someone else to run,
		find someone else to take over, find somebody else to take over`)
	// What ends a life that the asker hopes for: "takes me out".
	l.define("takesmeout", "takes me out, take me out, kills me, kill me, hits me, hit me, runs me over, run me over, ends me, finishes me off, finish me off, crashes into me, t-bones me, wipes me out")
	// A last contact: "called grandma just to hear her voice one more time".
	l.define("lasttime", "one more time, one last time, for the last time, last time ever, a last time")
	l.define("contact", "called, call, calling, hugged, hug, hugging, hear, heard, see, saw, seeing, visited, visit, kissed, kiss, texted, text, held, hold, talked to, talk to, spoke to")
	l.define("calm", "calm, calmer, peaceful, peacefull, at peace, relieved, lighter, weirdly calm, so calm")

	// Plans, means and times.
	l.define("save", `saving, saved, stashing, stashed, stash, stockpiling, stockpiled, hoarding, hoarded, collecting, collected, putting aside,
		set aside, setting aside, holding onto, keeping, kept, counting, counted, lined up, lining up, laid out, laying out, lined, stocking up, skimming, skimmed, putting a bit, putting some, putting them by, putting it by, put by, hiding, hid, hidden, tucked away, tucking away, keeping back, held back, pocketing,
		putting away, put away, squirreling, building up, saving up, saved up`)
	l.define("pills", `pills, pill, meds, medication, medications, medicine, medicines, tabs, tablets, tablet, subs, strips, strip, films, film,
		sleeping pills, sleeping pill, painkillers, pain pills, oxy, oxys, percs, xanax, bars, benzos, klonopin, valium, ativan, gabapentin,
		seroquel, trazodone, ambien, tylenol, tylenol pm, advil, benadryl, methadone, bupe, suboxone, fent, fentanyl, heroin, dope, stuff,
		blues, pressed blues, them, it, everything, all of it, a bottle, the bottle, bottle, whole bottle, take homes, takehomes, take-homes,
		doses, dose, insulin, antidepressants, lithium, opioids, opiates, edible, edibles, thc gummy, thc gummies, weed gummy,
		weed gummies, pot gummy, pot gummies, cannabis gummies`)
	l.define("enough", "enough, plenty, a lot, more than enough, all i need, what i need, sufficient, enough now, enough to")
	l.define("means", `rope, noose, belt, gun, guns, pistol, rifle, shotgun, handgun, firearm, bullet, bullets, glock, 12 gauge, 20 gauge, gauge, revolver, 9mm, 45, 38, ar15, ar 15, ammo, shells, bridge, overpass, roof, rooftop,
		ledge, the edge, edge, cliff, overlook, lookout, quarry, river, the lake, the sea, cliffs, dam, tracks, train tracks, the train, balcony, window, parking garage, parking structure, floors, floor up,
		tall building, highway, car running, engine running, exhaust, needle, syringe, rig, not make the turn, drive off the road,
		drive off, crash the car, crash my car, into a tree, into oncoming, oncoming traffic, in front of a train, in front of a truck, carbon monoxide, blade, blades, razor, razors, knife, knives,
		box cutter, scissors, cord, extension cord, bag over, pills lined up, his gun, her gun`)
	l.define("meansact", `thinking about it, thinking abt it, cant stop thinking, keep thinking, been thinking, looking over, looking down, staring at,
		stare at, staring, looking at, keep looking at, keep looking, counted, high enough, tall enough, leaning over, leaning, lean over, jump, jumping, bought, got, have it, have one,
		its in, in my closet, in the trunk, in my room, in my car, passenger seat, front seat, on the seat, in my lap, parking lot, parked, in my bag, under my bed, on my desk, on the table, in front of me,
		know where, figured out, next time, this time, sat in the car, just sat, drove out, walking there, keep stopping, tested, tied,
		loaded, loading, lined up, holding it, holding, in my hand, pulled up, sitting on, standing on, up here, on the roof,
		on the edge, on the ledge, on top of, leaning over the edge, over the edge, looking at them, looking at it, staring at them`)
	l.define("when", `tonight, tonite, 2nite, tn, tomorrow, tmrw, tmr, this weekend, the weekend, friday, saturday, sunday, monday, tuesday,
		wednesday, thursday, after finals, after school, after work, my birthday, my bday, next week, tonights, morning, later, soon,
		at midnight, midnight, in an hour, when everyones asleep, this week, new years, christmas, thanksgiving, the 1st, the first, payday`)
	l.define("decided", `made up my mind, made my mind up, no turning back, my mind is made up, its decided, i decided, ive decided, already decided,
		going to do it, gonna do it, im doing it, doing it tonight, its happening tonight`)
	l.define("date", "a date, a day, the date, the day, a time, the time, a night, the night, my exit, the way")
	l.define("all", "all, all of, the whole, whole, every, every last, the rest of, all my, all his, all her, all their, everything")
	l.define("atonce", "at once, all at once, all together, in one go, in one night, in one sitting, the whole bag, the whole bottle, the whole thing, all of it at once")
	l.define("howmuch", "how much, how many, how much of, how many of, what amount, amount, what dose, which dose, a whole bottle, the whole bottle, whole bottle, a whole pack, the whole pack, a whole box")
	l.define("lethal", `would it take, would kill, will kill, to kill, to die, to not wake up, to not wake, to never wake, is lethal, is fatal, is deadly,
		lethal, would be lethal, would be fatal, would be deadly, would be enough, would do it, to do it, would be too much, to stop my heart, to stop her heart, to stop his heart, to stop their heart, to stop a heart, to stop breathing, to be sure, kills, kill someone, kill a person`)
	l.define("lethalword", "lethal dose, fatal dose, deadly dose, lethal amount, fatal amount, od amount, overdose amount, enough to kill, enough to die, enough to not wake up, enough to stop")

	// Self-harm.
	l.define("harmverb", `going at, went at, goes at, taking a blade to, took a razor to, took a blade to, cut, cutting, cuts, slit, slitting, sliced, slicing, carved, carving, burned, burnt, burning, burn, scratched, scratching,
		scratch, punched, punching, banging, banged, smashing, smashed, stabbed, stabbing, hurt, hurting, harmed, harming,
		bit, biting, scalded, sh, selfharmed, self harmed, dug, digging, picked at, picking at, pulled out, ripping`)
	l.define("harmspot", `myself, my self, my arm, my arms, my wrist, my wrists, my leg, my legs, my thigh, my thighs, my skin, my hand, my hands,
		my head, my stomach, my face, my body, my chest, my knuckles, my fist, the wall, the mirror, the door, the door frame, my hip, my hips,
		my ankle, my fingers, my scalp, my neck, my track marks, her arm, her wrist, his arm, his wrist, herself, himself`)
	l.define("harmnow", "again, tonight, just now, rn, right now, today, on purpose, a few minutes ago, min ago, mins ago, minutes ago, an hour ago, hour ago, deep, deeper, worse, bad, pretty bad, really bad, worse than ever, till, til, until, a bunch, a few times, so hard")
	l.define("blood", "bleeding, bleed, blood, bloody, bled, gushing, leaking")
	l.define("wontstop", "a lot more, way more, much more, so much more, wont stop, not stopping, keeps bleeding, still bleeding, cant stop, cant get it to stop, wont quit, through, thru, soaked, soaking, everywhere, all over, a lot of, so much, lots of, on the floor, floor, sink, towel, towels, paper towels, bandage, bandaid, jeans, pooling, dripping")
	// Cutting oneself, and what else is cut when an object follows.
	l.define("cutverb", "cut, cutting, slit, slice, carve, carving")
	l.define("cutobject", `him, her, them, off, out, the, a, an, it, that, this, some, class, school, ties, back, down, hair, bangs, weight, sugar, carbs,
		grass, corners, costs, hours, loose, in, up, through, across, into, to, my, his, their, your, our`)
	l.define("harmtool", "razor, razors, blade, blades, knife, knives, scissors, glass, broken glass, lighter, box cutter, sharpener, needle, pin, shard, curling iron, iron, cigarette")
	l.define("wound", "gaping, stitches, deep, bone, fat, tendon, pus, infected, red lines, hot and red, swelling, swollen, split open, bent weird, cant move my fingers, went weird, purple, numb, white and bubbling, bubbling, blistering, blisters, hole")
	l.define("selfharm", "self harm, selfharm, self-harm, self harming, self injury, hurting myself, hurt myself, harm myself, harming myself, relapsed on sh, sh again, did sh, cut myself, cutting myself, burned myself, burn myself, hit myself, punch myself")

	// Taking something, and how much.
	l.define("took", `took, taken, take, taking, used, use, using, did, done, do, doing, had, have, drank, drink, drinking, swallowed, swallow, snorted,
		smoked, shot, shot up, injected, popped, dropped, ate, eaten, chewed, sniffed, railed, did a line, did a bump, doubled up, double dosed,
		mixed, combined, chased, slammed, hit, downed, got into, went through`)
	l.define("toomuch", `too much, too many, to much, to many, way too much, way too many, way more, more than usual, more than normal,
		more than i should, more than i should have, more than prescribed, more than my, more than i usually, a lot more,
		twice as much, handful, a handful, handfull, half the bottle, half a bottle, whole bottle,
		whole pack, whole bag, whole card, whole sheet, whole strip, instead of 1, instead of one, instead of my, on top, on top of, the same amount, same amount,
		the amount i used to, the amount i did, what i used to, like i used to, an overdose`)
	// Minutes ago: what was taken is acting now.
	l.define("justnow", "min ago, mins ago, minutes ago, a few minutes ago, an hour ago, hour ago, hr ago, half an hour ago, just now, few min ago")
	// What a lot of is taken that is not a drug.
	l.define("notdrug", "notes, photos, pics, pictures, videos, questions, time, classes, shifts, breaks, naps, steps, tests, calls, screenshots")
	// Amounts that are too much only of a drug: "did a bunch of infusions"
	// and "the whole house" are not an overdose.
	l.define("lotsof", "a bunch, bunch of, lots of, the whole, all my, all of my, all his, all her, all of his, all of her, all the, double, doubled, triple, tripled, twice")
	l.define("drug", `drug, drugs, pill, pills, meds, medication, medicine, dose, dosage, fent, fentanyl, heroin, dope, opioids, opiates, oxy,
		oxys, percs, perc, pressed, blues, m30, m30s, xanax, bars, benzo, benzos, klonopin, valium, ativan, gabapentin, seroquel, trazodone,
		ambien, sleeping pills, methadone, done, bupe, subs, sub, suboxone, strip, strips, film, films, ket, ketamine, k, molly, mdma,
		coke, cocaine, crack, meth, speed, adderall, alcohol, drinks, drinking, drunk, beers, beer, wine, vodka, liquor, whiskey, rum,
		shots, booze, weed, edible, edibles, gummies, stuff, something, powder, line, lines, bump, bumps, hit, tramadol, hydrocodone,
		vicodin, norco, morphine, dilaudid, tylenol, benadryl, nyquil, cough syrup, lean, xylazine, tranq, kratom, spice, k2, high,
		used, using, relapsed, relapse, shot up, nodding, dosed, dosing, take homes, take-homes, patch, patches,
		thc gummy, thc gummies, weed gummy, weed gummies, pot gummy, pot gummies, cannabis gummies`)
	l.define("depressant", `xanax, bars, benzo, benzos, klonopin, valium, ativan, gabapentin, seroquel, trazodone, ambien, sleeping pills,
		sleeping pill, alcohol, drinks, drinking, drunk, beers, beer, wine, vodka, liquor, whiskey, rum, shots, booze, benadryl, nyquil,
		muscle relaxers, soma, lyrica, opioids, oxy, percs, fent, methadone, heroin, lean, xylazine, tranq, downers`)

	// What an overdose or poisoning looks like.
	l.define("breath", "breath, breathe, breathing, breaths, breather, breathin")
	l.define("notbreath", `not breathing, isnt breathing, stopped breathing, stops breathing, quit breathing, no breathing, cant breathe,
		barely breathing, hardly breathing, barely breathe, hardly breathe, not breathing right, forgetting to breathe, forget to breathe,
		keeps forgetting to breathe, trouble breathing, struggling to breathe, gasping, gasping for air, no pulse, no heartbeat,
		not breathin, isnt breathin`)
	l.define("breathbad", "slow, slowly, so slow, real slow, really slow, super slow, shallow, weird, funny, wrong, strange, off, rattly, rattling, raspy, every few seconds, ragged, labored, laboured")
	l.define("noise", `gurgling, gurgle, gurgly, gurgled, choking sound, choking noise, choking, death rattle, rattling, snoring weird,
		weird snoring, snoring really weird, snoring real weird, snoring funny, snoring like, wet snoring, snoring but wet, making noises,
		gurgling noises, gurgling sound, making gurgling, snore, snoring, snores`)
	l.define("colour", "blue, bluish, purple, purplish, grey, gray, greyish, grayish, ashen, dusky, white, pale, pale blue, ashy")
	l.define("bodypart", "lips, lip, face, skin, fingertips, fingers, nails, fingernails, mouth, cheeks")
	l.define("pupils", "pupils, eyes")
	l.define("pinpoint", "pinpoint, pinpoints, pinned, tiny, small, super small, like dots, dots")
	l.define("wake", "wake, waking, wake up, be woken, rouse, get up, come to, open his eyes, open her eyes, open their eyes, open my eyes, respond, get a response, stay awake, answer")
	// Waking someone, with them as the object: "i cant wake him". Not
	// "answer" or "respond": "i couldnt answer him" is the asker at a loss
	// for words, not someone unresponsive.
	l.define("wakeobj", "wake, waking, wake up, rouse, get up, get a response from, get a response out of")
	l.define("wont2", "wont, will not, cant, cannot, couldnt, can not, not, isnt, doesnt, unable to, wouldnt, hard to, barely")
	l.define("unresp", "unresponsive, not responsive, not responding, isnt responding, wont respond, unconscious, out cold, passed out cold, limp, not moving, isnt moving, wont move, lifeless, collapsed, fell down, dropped, seizing, seizure, seizures, convulsing, twitching, foaming, foam, eyes rolled")
	l.define("odsign", `cant keep my eyes open, cant keep eyes open, cant keep his eyes open, cant keep her eyes open, can barely keep my eyes open,
		nodding off, nodding out, nodding hard, nodding, nod off, keep nodding, drifting off, drifting, slipping, slipping away, fading,
		heavy, so heavy, really heavy, super heavy, sleepy, so sleepy, drowsy, slurring, slurred, floppy, wobbly, wobbling, stumbling,
		cant stand, cant sit up, cant walk, cant feel my, cant feel his, cant feel her, numb, tingly, room is spinning, room spinning,
		spinning, dizzy, lightheaded, light headed, puking, throwing up, vomiting, threw up, chest is tight, chest tight, chest pain, chest hurts,
		chest feels tight, heart is racing, heart racing, heart is pounding, heart pounding, heart going crazy, heart is going crazy,
		heart going so fast, heart is going so fast, heart beating so fast, heart skipping, passing out, pass out, passed out, blacking out,
		sweaty, clammy, cold and clammy, grey and sweaty, confused, not making sense, wont stay awake, hard to stay awake, arms feel like lead,
		everything is far away, far away, floaty, out of it, really out of it, feel weird, feeling weird, feel really weird, cant think,
		seeing double, sooo slow, everything is slow, so slow, stuff crawling, shaking, cant stop shaking, hard to breathe, feel like im dying`)
	l.define("odword", "overdose, overdosing, overdosed, overdoses, oding, oded, odd, od, o d, odding, odded, over dose, over dosing, over dosed, overdoseing, odeing")
	l.define("narcan", "narcan, naloxone, narcan spray, kloxxado, zimhi, opvee")
	l.define("gave", "gave, give, giving, given, used, sprayed, did, administered, hit him with, hit her with")
	l.define("fadingagain", "going back out, goin back out, gone back out, went back out, going out again, goin out again, nodding again, nodding back off, nodding off again, fading again, slipping again, slipping back, going under again, goin under again, passing out again, passed out again, stopped breathing again, not breathing again, turning blue again, going blue again")
	l.define("notworking", "not working, isnt working, didnt work, doesnt work, nothing is happening, nothing happened, nothing, still, no change, not waking, hasnt worked, a second, the second, another, again, second one, second dose, second spray, more")
	l.define("urgent", "what do i do, what do we do, what should i do, what should we do, what do i doooo, help me, please help, pls help, plz help, someone help, help pls, help please, hurry, asap, freaking out, panicking, im scared, so scared, emergency, call 911, idk what to do, i dont know what to do, dont know what to do, what now")

	// Someone else out of reach.
	l.define("unreach", `not answering, isnt answering, wont answer, not picking up, isnt picking up, wont pick up, straight to voicemail,
		straight to vm, goes to voicemail, phone is off, phone off, phone is dead, location is off, location off, turned off his location,
		turned off her location, not replying, stopped replying, stopped answering, no reply, not responding, left on read, not home,
		car is gone, his car is gone, her car is gone, cant find him, cant find her, nobody knows where, no one knows where, not opening,
		wont open, hasnt shown up, never showed, didnt show up, is missing, went missing, been missing, disappeared, last seen, not online, nothing since, hasnt come out,
		havent heard, cant reach, unreachable, wont open the door, locked in, locked himself, locked herself, locked the door, door is locked,
		door locked, doors locked, not opening my snaps, not reading, offline, cant get her on the phone, cant get him on the phone, cant get them on the phone, cant get through, cant get hold of, cant get ahold of, cant get a hold of, cant reach, no one can reach`)
	l.define("threat", "waving, pointing, holding, loading, loaded, has a, got a, grabbed, with a, cleaning his")
	l.define("danger", "hiding, scared, threatening, threatened, said nobody, nobody would miss, going to use it, gonna use it, drunk")

	// Context that changes what words mean.
	l.define("past", `found my old, 13yo me, younger me, teenage me, that was like, that was back, years back, yrs back, year back, summers back, summers ago, winters back, months back,
		a while back, a while ago, long time back, ages ago, in the past, back when, after my first was born, my last overdose, my last od, the last time i, last time i od, when my first was born, anniversary of, year anniversary, years since, year since,
		years today, a year today, during lockdown, during the lockdowns, during covid, in early recovery, in nursing school, before i was born,
		in first year, in year 9, in year 10, when i was little, when i was a kid, as a little kid, first time i tried, the first time,
		years ago, yrs ago, year ago, yr ago, months ago, back in, back then, in 2015, in 2016, in 2017, in 2018, in 2019, in 2020,
		in 2021, in 2022, in 2023, in 2024, when i was, when he was, when she was, when we were, when they were, when my, when our, used to, as a kid, as a teen, as a teenager,
		in high school, in middle school, of high school, junior year, senior year, freshman year, sophomore year, since the 90s, since the 80s, since the 2000s, in college, in 8th grade, in 9th grade, in 7th grade, last year, last spring, last summer,
		last winter, last fall, last january, last february, last march, last april, last june, last july, last august,
		last september, last october, last november, last december, last christmas, last thanksgiving, last easter, a long time ago, long time ago, long ago, for decades, decades ago, once in, once back, havent done it in,
		havent cut in, havent in, over a year, survived, saved my life, saved his life, saved her life, owe him my life,
		owe her my life, made it through, got help, been clean, clean for, sober for, sober since, clean since, back when, at the time, that time, the time i, the time he, the time she`)
	l.define("present", "again, still, tonight, rn, right now, just found, just noticed, just saw, just checked, just walked in, just got home, just came home, just woke up to, now im, now i, now hes, now shes, now my, and now, just now, today, this morning, this week, this time, currently, atm, at the moment, happening, as we speak, already, minutes ago, min ago, an hour ago, hour ago, this second")
	l.define("safe", `im ok now, im okay now, im good now, im fine now, im alright now, im safe, i am safe, im ok, im okay, im good, im alright,
		doing great now, doing good now, doing better now, doing well now, doing ok now, shes fine now, hes fine now, shes ok now, hes ok now,
		shes doing great, hes doing great, safe now, not suicidal, im not suicidal, not going to do anything, not gonna do anything,
		not going to hurt myself, not gonna hurt myself, would never, wouldnt ever, no plans to, not planning to, just venting, only venting,
		dont worry about me, dont worry, no worries, not in a scary way, not like that anymore, totally fine, was totally fine, she was fine,
		he was fine, he made it, she made it, they made it, everyone is ok, all good now, in recovery now`)
	// A lesson or a drill: what a course, a class or a role play shows is
	// not happening (read as media, unless the sentence says now).
	l.define("training", `first aid course, first aid class, first aid refresher, first aid training, mental health first aid, cpr class, cpr course,
		cpr training, cpr refresher, narcan training, naloxone training, overdose training, overdose response training, role play, roleplay,
		role playing, roleplaying, simulation, sim lab, refresher course, training course, in service, inservice, the lecture, in lecture,
		our textbook, the textbook, case study, practice scenario, the scenario, training video, bls class, acls class,
		recert, recertification, recertified, cpr dummy, the dummy, a dummy, training dummy, practice dummy, mannequin, manikin`)
	// Now, said so that a course held today does not count.
	l.define("urgentnow", "rn, right now, now, just now, currently, atm, at the moment, as we speak, this second, minutes ago, min ago, mins ago")
	// A video or a picture someone sends is a message, not a film: "he sent
	// me a video from the bridge".
	l.define("sentmedia", "sent me a video, sent a video, sent me a vid, sent a vid, sends me a video, sending me videos, sent me a pic, sent a pic, video call, videocall, facetime, facetimed, facetiming, snapped me, going live, livestreaming, on live")
	// Watching and reading name a film or a book only with one: "i was
	// watching both of them" is babysitting, "my doc" is a doctor, and
	// "reading all night how much is deadly" is no book.
	l.define("media", `watching a, watching the movie, watching the show, watching the news, watching tv, watching netflix,
		watching youtube, watching this, watched a, watched the movie, watched the show, watched this, the show, a show, that show, this show, tv show, tv shows, the shows, episode, episodes, ep,
		movie, movies, song, songs, album, lyrics, book, books, novel, chapter, scene, character, characters, docu, documentary,
		netflix, hulu, tiktok, tiktoks, fyp, youtube, a video, the video, this video, that video, youtube video, a vid, this vid, the news, on the news, news story, article, podcast, reading a book, reading a novel, reading this book,
		video game, video games, this game, roblox, fortnite, minecraft, anime, tv, the series, a series, this series, that series, new season, last season, this season of, euphoria, dopesick,
		tribute, story about, meme, memes, news report, a report, drill track, rap track, new track, mixtape, rapper, rappers`)
	l.define("joke", "jk, just kidding, kidding, joking, lmao, lol, lmfao, rofl, haha, hahaha, literally dying, im dead, unalive me, kill me now, someone kill me, shoot me now, end me, death of me, the death of me, put me in the ground, overdosed on, oded on, od on, od-ed on")
	l.define("notjoke", "not a joke, not joking, not kidding, for real this time, fr this time, fr fr this time, for good this time, this time for real, dead serious, im serious, no cap this time, i mean it, really mean it, i really mean that, i mean that, not even joking, no joke, seriously, srsly, i swear im serious, not being dramatic")
	l.define("trivial", `class, test, exam, quiz, homework, worksheet, algebra, math, chem, chemistry, finals, essay, group session,
		line, queue, on hold, traffic, commute, laundry, dishes, paperwork, taxes, cooking, pizza, pizza rolls, song, songs, album, memes, meme,
		episode, heat, weather, headache, hangover, this wait, this line, this clinic line, cafeteria, ramen, embarrassment, cringe, shopping,
		spreadsheet, worthy, boat, gratitude journals, organic chem, lesson, geography, history class, biology, physics, maths, english class, crypto, the cowboys, gas prices, this meeting, this dinner`)
	l.define("hyperframe", "if i have to, one more, literally, actually gonna, lowkey, lowkey gonna, about to, finna, im gonna, gonna, this is, these are, is gonna, is going to, would, could")
	// A question about risk in general, or about what to do if something
	// ever happened: not an emergency now.
	l.define("general", `what happens if, what happens when, what would happen, what to do if, what do you do if, what do u do if, what should you do,
		what should i do if, what should i do when, what would i do if, what do i do if, how do you know if, how do u know if, how do i know if,
		how can you tell, how can i tell if, how do you tell, how would i know, what are the signs, what are signs, the signs of, signs of,
		warning signs, what does it look like, is it possible, is it true, can you, can u, can someone, can people, can ppl, can a person,
		could someone, do people, do ppl, does it, does narcan, does naloxone, does ketamine, do you have to, are people,
		are ppl, is someone, is it more, is it dangerous, why is, why are, why do, why does, how long does, how long do, how long before,
		in general, generally, in theory, hypothetically, before anything, how long should, how long after, how soon, how should, od kit, narcan kit, naloxone kit, overdose kit, harm reduction, good samaritan, resource page, for our site, for a class, for my class, if anything ever, if it ever, if i ever,
		if you ever, if someone ever, if somebody ever, if a friend ever, if a kid ever, if my, if someone, if somebody, if a, if you, if u,
		wanna be ready, want to be ready, to be ready, so i know, so im ready, want to know, wanna know, how do you, how do u, how would you,
		is it always, what if, asking for a project, for a project, for a class, for school, for a paper, for my paper, research, risk of,
		risk for, risks of, more likely, less likely, higher risk, rate of, rates of, statistics, percent, how common, ever found, where can, where do,
		risk, risks, risky, rates, likely, is it normal to, is it normal for, normal to feel, does it make you, do you get, can it make you,
		will it make you, lockbox for, best lockbox, babyproof, babyproofing, childproof, child proof, keep them away, out of reach, how do people,
		what do people, is that a thing, if they ever, if he ever, if she ever, if we ever, how dangerous, how bad, how risky,
		is naloxone, is narcan, any good for, does it work, do they work, work on, works on, last longer, lasts longer, i heard, ive heard, heard that,
		can narcan, can naloxone, will narcan, will naloxone, does methadone, can methadone, can suboxone, does suboxone, can ketamine,
		could ketamine, will ketamine, would ketamine, is ketamine, does esketamine, can esketamine, is esketamine, does spravato, can spravato,
		help with, for people with, for ppl with, treat, treats, treating, treatment for, used for, approved for, work for, works for`)

	// More ways of saying it, used by the rules below.
	l.define("behere", `fight, fight it, fight it off, fight anymore, fight it anymore, keep fighting, try, keep trying, be here, live, be alive, exist, wake up, go on, keep going, be around, do this anymore, keep living, try anymore, be me,
		be in this world, be on this earth, see tomorrow, wake up tomorrow, continue, be alive anymore, be here anymore, live anymore,
		exist anymore, live like this, live this life, keep doing this, wake up anymore`)
	l.define("wishdead", `dead, was dead, were dead, never born, wasnt born, was never born, had never been born, didnt wake up, wouldnt wake up,
		not wake up, never wake up, could disappear, disappear, disappeared, finished the job, finish the job, wasnt here, werent here,
		never existed, didnt exist, could die, would die, die, was gone, could just go, could sleep forever, had died, had just died, not exist,
		could not exist, could just not exist, stop existing, just stop, not be here, go to sleep and not wake up, be gone, not be alive`)
	l.define("nolive", "no point in living, no point living, nothing to live for, nothing left to live for, no reason to live, no reason to keep living, not worth living, life isnt worth, life is not worth, no reason to wake up, no point waking up, no point in waking up, no point in going on, no point going on, whats the point of living, what is the point of living, whats the point in living, whats the point of me, what is the point of me, point of me")
	l.define("nomiss", "nobody would miss, no one would miss, nobody will miss, no one will miss, nobody would notice, no one would notice, nobody would care, no one would care, nobody cares, no one cares, would anyone even notice, would anyone notice, would anyone care, would anyone miss, stop pretending to care, can stop pretending, nobody would even notice, they wont miss, wont miss me")
	l.define("sleepnowake", "sleep and thats it, off to sleep and thats it, going off to sleep and thats it, sleep and not be here, sleep and not exist, sleep and not wake, sleep and never wake, sleep and not wake up, sleep and never wake up, sleep and not waking up, sleep and never waking up, not waking up, never waking up, go to sleep forever, sleep forever, the big sleep, sleep and not come back, not to wake up, never to wake up")
	l.define("disappointed", "disappointed, dissapointed, disapointed, sad, angry, upset, mad, annoyed, pissed, bummed, hate")
	l.define("wokeup", "woke up, woke, wake up, waking up, still alive, still here, survived, made it through the night")
	l.define("ingest", `ate, eaten, eat, eats, eating, swallowed, swallow, swallows, swallowing, chewed, chewing, chew, chews, licked, licking,
		lick, drank, drink, drinking, drunk, sucked, sucking, mouthing, got into, gotten into, get into, gets into, into my, into his, into her,
		into the, had it in, had them in, had one in, in his mouth, in her mouth, in its mouth, in their mouth, put it in, put them in,
		put one in, found him with, found her with, found them with, found it with, took a swig, took some, took one, took my, took his,
		took her, grabbed my, grabbed his, grabbed her, grabbed, took, touched, playing with, got hold of`)
	l.define("container", `purse, bag, backpack, baggie, bag of, lockbox, lock box, nightstand, night stand, pill organizer, organizer, pill box,
		pillbox, blister pack, blister, bottle, pill bottle, cup, stash, drawer, cabinet, medicine cabinet, wrapper, packet, pack, box, jacket,
		pocket, couch cushions, floor, counter, coffee table, table, fridge`)
	// Signs that some of it was eaten.
	l.define("eaten", "half gone, half eaten, chewed, chewed up, chewed on, bitten, bit into, bite out of it, bite out of one, in his mouth, in her mouth, in its mouth, swallowed, ate one, ate some, eaten")
	l.define("gone", "open, opened, lid off, cap off, top off, the lid, the cap, missing, empty, torn, gone, chewed, chewed up, chewed open, ripped, half empty, spilled, knocked over, everywhere, all over the floor, on the floor, half gone, half eaten, bitten, bite out of it, bit into")
	l.define("accident", "by accident, accidentally, by mistake, thinking it was, thought it was, instead of, mixed up, confused it with, mistook")
	l.define("alonetime", `after everyone falls asleep, after everyone goes to sleep, after everyone is asleep, once everyone is asleep,
		once everyones asleep, when everyone is asleep, when everyones asleep, when everyone falls asleep, when the house is quiet,
		before anyone is up, before anyones up, before anybody is up, nobody is gonna walk in, nobody will walk in, no one will walk in,
		nobody is home, no one is home, everyones out, everyone is out, home alone, when my roommate leaves, til my roommate leaves,
		till my roommate leaves, when he leaves, when she leaves, when they leave, after my daughter falls asleep, after my son falls asleep,
		after the kids are asleep, once the kids are asleep, after my kids go to bed, when my husband takes, when my wife takes,
		waiting til, waiting till, just waiting for, when theyre gone, while theyre away, while everyone is away, waiting for him to, waiting for her to, waiting for them to, overnight shift, night shift, when hes at work, when shes at work, when hes away, when shes away`)
	l.define("secret", "dont really want to say why, dont want to say why, not gonna say why, wont say why, dont ask, dont ask why, you dont wanna know, you dont want to know, havent told anyone, not telling anyone, nobody knows, no one knows, just wanted someone to know, just wanted to tell someone, just wanted to tell somebody, just needed to type it, needed to tell someone, just want someone to know, wanted someone somewhere to know, idk why im telling")
	l.define("noplan", "dont plan on being, not planning on being, dont plan on making it, wont make it to, not gonna make it to, wont see, not gonna see, dont plan to be, not planning to be, wont be here for, wont be here by, wont be around for, dont plan on seeing, wont turn")
	l.define("enoughto", "enough saved, enough saved now, theres enough, weeks worth, weeks worth saved, a months worth, enough to not wake up, enough to not wake, enough to never wake, enough to sleep forever, enough to end it, enough to do it, enough to die, enough to kill, enough to make it stop, enough now, have enough, got enough, its enough, thats enough, is enough, think i have enough, i have it")
	l.define("boughtlots", "boxes, bottles, packs, a bunch, lots, a lot, all the, several, multiple, two bottles, three bottles, 4 boxes, enough")
	l.define("bathroom", "bathroom, restroom, toilet, shower, stall, room, bedroom, his room, her room, the door, closet, garage, basement, car")
	l.define("inthere", "locked, not answering, wont answer, isnt answering, no answer, not responding, hasnt come out, hasnt come out of, been in there, been in, thump, heard a thump, cant hear anything, water is still running, water running, not opening, wont open, knock, knocking")
	l.define("harmbenign", "little bit, a bit, bit of, bit more, bit less, bit better, bit worse, bit bad, bit much, in half, in halves, in quarters, cut my strip, cut my strips, cut my film, cut my films, cut my pill, cut my pills, cut my tabs, cut my subs, cut my sub, cutting my strips, cutting my strip, burnt the, burned the, sliced the, carved the, cut the, cut down, cut back, cut my dose, cut the dose, cut doses, cut it, cut in half, cut them in half, cut off, cut out, cut with, cut w, was cut, is cut, been cut, cutting down, cutting back, cutting corners, cut ties, cut my hair, cut class, cut school, cut the grass, cut the cord, hit different, hits different, hit me, hit up, hit him up, hit her up, hit the gym, burn out, burned out, burnt out")
	l.define("towel", "towel, towels, bandage, bandaid, band aid, gauze, jeans, shirt, sheets, paper towels, tissue, tissues")
	l.define("soaked", "soaked, soaking, soaked through, through, thru, red, full of blood, drenched")
	l.define("didit", "did it again, done it again, did something dumb, did something stupid, did something bad, did the thing, relapsed on it, i did it")
	l.define("facecolour", "blue, bluish, purple, purplish, grey, gray, greyish, grayish, ashen, dusky, ashy")
	l.define("lipword", "lips, lip, fingertips, nails, fingernails, mouth")
	l.define("faceword", "face, skin, cheeks")
	l.define("strongunresp", "foamy at the mouth, foam at the mouth, frothing, frothing at the mouth, unresponsive, not responsive, not responding, isnt responding, wont respond, unconscious, out cold, lifeless, seizing, having a seizure, had a seizure, convulsing, foaming, foaming at the mouth, eyes rolled back, eyes rolling back, no pulse, not breathing")
	l.define("weakunresp", "keeled over, keeled right over, collapsed, seizure, not moving, isnt moving, wont move, limp, twitching, passed out, slumped, slumped over, fell down, on the floor, floppy, out of it, gone grey, wont stay awake")
	l.define("strongnoise", "gurgling, gurgle, gurgly, gurgled, death rattle, choking sound, choking noise, choking noises, gurgling noise, gurgling noises, gurgling sound, snoring weird, weird snoring, snoring really weird, snoring real weird, snoring funny, wet snoring, snoring but wet, snoring strange, strange snoring, snoring choking, snoring like crazy, weird noises, making noises, snoring real weird, wet and gurgly")
	l.define("snore", "snore, snoring, snores, snored")
	l.define("samebefore", "same amount, the same amount, the amount i used to, the amount i did before, amount i did before, what i used to, like i used to, as before, as i used to, before detox, before i quit, before i got clean, before rehab, before jail, back then, i used to do, my old amount, my old dose, my usual amount from before")
	l.define("odnow", "im overdosing, i am overdosing, im oding, hes overdosing, shes overdosing, theyre overdosing, is overdosing, is oding, think im overdosing, think hes overdosing, think shes overdosing, might be overdosing, may be overdosing, could be overdosing, think i overdosed, think he overdosed, think she overdosed, think they overdosed, i think i od, think im od, having an overdose, having an od, in the middle of an overdose, od happening, overdose happening, hes od, shes od, hes oding, shes oding, he od, she od, is od")
	l.define("wouldenough", "would that be enough, would it be enough, would this be enough, will that be enough, will it be enough, is that enough, is it enough, be enough to")
	l.define("askingme", "asking for me, asking for myself, its for me, its me, im asking for me, for myself")
	l.define("weapon", "gun, guns, pistol, rifle, hunting rifle, shotgun, handgun, firearm, glock, knife, knives, machete")
	l.define("othersaid", "said, says, saying, told, tells, texted, texts, messaged, posted, keeps saying, kept saying, wrote, called, snapped, dmed, sent, put up, posting")

	l.define("mixword", "mix, mixing, mixed, combine, combining, combined, together, on top, with, and, plus, interact, interaction, interactions")

	// Personal medical advice.
	l.define("decide", `should, shud, shld, can, could, may, shall, would, will, is it ok, is it okay, is it safe, is it fine, is it bad,
		is it alright, is it dangerous, would it be ok, would it be okay, would it be safe, would it be better, would it be bad, would it be worse,
		am i ok, am i okay, am i safe, ok to, okay to, safe to, alright to, fine to, good idea to, bad idea to, better to, is that ok,
		is that okay, is that safe, is that too, is it too, do i need to, does he need to, does she need to, do i have to, does he have to,
		does she have to, need to, have to, supposed to, is it smart to, is it wise to, is it better, would it work, will it work, is it wise, is it smart, is it a good idea, is it a bad idea, would it be wise`)
	l.define("who", `i, we, me, my, myself, he, she, they, him, her, them, his, hers, their, for me, for him, for her, for them, my {person},
		{person}, to me, to him, to her`)
	l.define("medverb", `start, starting, stop, stopping, quit, quitting, switch, switching, change, changing, swap, swapping, combine, combining,
		mix, mixing, take, taking, try, trying, taper, tapering, wean, weaning, skip, skipping, double, doubling, increase, increasing,
		decrease, decreasing, lower, lowering, raise, raising, cut, cutting, drop, dropping, go up, go down, go off, going off, come off,
		coming off, get off, getting off, get on, getting on, go on, going on, be on, stay on, staying on, use, using, drink, drinking,
		smoke, smoking, have, give, giving, split, splitting, wait, restart, restarting, ditch, ditching, replace, replacing, add, adding,
		keep taking, continue, continuing, double up, catch up, up my, lower my, start taking, stop taking, do, doing, go from, go to,
		move to, move from, switch to, switch from, put him on, put her on, put me on, pick, choose, cold turkey, drive,
		driving, breastfeed, breastfeeding, inject, snort, chew, swallow, dose, redose, re-dose, up, down, cut down, cut back, stay, keep, move, moving, shift, move over, move it, time it`)
	l.define("medthing", `dose, doses, dosage, dosing, mg, mgs, milligram, milligrams, mcg, ml, mls, meds, med, medication, medications,
		medicine, medicines, pill, pills, methadone, suboxone, subs, sub, bupe, buprenorphine, naltrexone, vivitrol, sublocade, ketamine,
		k, ket, spravato, esketamine, strip, strips, film, films, tab, tabs, tablet, tablets, shot, shots, injection, zoloft, lexapro,
		prozac, xanax, klonopin, gabapentin, adderall, antidepressant, antidepressants, benadryl, melatonin, tylenol, oxy, hydrocodone,
		script, prescription, taper, infusion, infusions, sleeping pill, sleeping pills, trazodone, ambien, seroquel,
		naloxone, narcan, methadone dose, take homes, takehomes, weed, alcohol, beer, beers, wine, drinks, drink, lithium, wellbutrin,
		sertraline, fluoxetine, vyvanse, ritalin, ssri, ssris, mat, moud, nicotine, vape, nasal spray, spray, troche, troches, lozenge`)
	l.define("mgword", "mg, mgs, milligram, milligrams, mcg, ml, mls, lbs, lb, pounds, kg, kilos, units, mg/kg, per kg, a day, per day, twice a day")
	l.define("dosejudge", "enough, plenty, too much, too little, too many, too high, too low, too fast, too slow, right, the right, safe, ok, okay, go up, go down, up to, down to, lower, raise, instead, should, can, could, would, better, worse, increase, decrease, cut, drop, split, half, double, more, less")
	l.define("forwho", "for somebody like me, for someone like me, for people like me, for a person like me, for me, for him, for her, for my, for myself, for someone my size, for someone his size, for someone her size, in my case, in his case, in her case, for my son, for my daughter")
	l.define("fit", "better, best, right, enough, safe, ok, okay, good, bad, work better, be better, the best option, a good idea, a bad idea, too much, too fast, worth it")
	l.define("howfast", "how fast, how quickly, how long, how soon, how often, how slow, how slowly, how much time, how many days, how many hours, how many weeks, how long after, how soon after")
	l.define("thinkof", "thinking about, thinking abt, thinking of, thinkin of, thinkin about, considering, planning to, planning on, want to, wanna, wants to, going to, gonna, trying to, about to")
	l.define("medverbing", "stopping, quitting, switching, ditching, tapering, starting, going off, coming off, getting off, dropping, lowering, cutting, weaning, skipping, doubling, swapping, changing, replacing, trying")
	l.define("makeme", "make me, give me, write me, tell me, help me, plan me, set me up with, figure out")
	l.define("plan", "taper plan, taper schedule, schedule, plan, dose, dosing schedule, dosing plan, a taper, the right dose, my dose")
	l.define("generalmark", `usually, usual, typically, typical, generally, in general, normally, normal, most people, most ppl, ppl, people,
		someone, somebody, a person, doctors, clinics, programs, standard, on average, average, commonly, common, often, for most,
		in most cases, everyone, anybody, anyone, patients, folks, research, studies`)
	l.define("notme", "use disorder, opioid use, substance use, drug use, alcohol use, one addiction for another, one drug for another, trading one, swapping one, swap one, trade one, not for me, not asking for me, not for myself, not asking for myself, just curious, asking generally, asking in general, generally speaking, in general, not about me, hypothetically")

	// Asking about the bot itself.
	l.define("you", "you, u, ya, yall, this, this bot, the bot, faqbot, bot, it, this thing, this server")
	l.define("botword", "bot, faqbot, this bot, the bot, you, u, this thing")
	l.define("whatareyou", "who are you, who r u, what even are you, what even r u, what is this bot, whats this bot, what is faqbot, whats faqbot, who is this, what are you exactly, what r u exactly, what exactly are you")
	l.define("realword", "human, a human, a real person, real person, a person, ai, an ai, a bot, a real bot, program, a program, robot, a robot, machine, chatgpt, private, anonymous, confidential, saved, recorded, logged, stored")
	l.define("storeverb", "save, saves, store, stores, keep, keeps, log, logs, record, records, remember, remembers, see, sees, read, reads, track, tracks, share, shares")
	l.define("whatcan", "what can you, what can u, what does this bot, what does faqbot, what does the bot, what can this bot, what can the bot, what can faqbot")
	l.define("whatask", "what kind of questions can, what kinds of questions can, what kinda questions can, what sort of questions can, what questions can i, what questions can you, what topics do you, what do you know, what do u know, what do you cover, what do u cover, what can i ask, what should i ask you, what should i ask u, what can i ask you")
	l.define("canverb", "do, help, help with, help me with, answer, know, cover, tell me, tell me about, talk about, ask, offer")
	l.define("usebot", "use you, use u, use this, use this bot, use the bot, use faqbot, use this thing, ask you, ask u, ask this bot, ask the bot, talk to you, talk to u, does this work, this work, this bot work, the bot work, you work, u work, faqbot work, this thing work")
	l.define("greet", "hi, hello, hey, heya, hiya, yo, sup, howdy, hola, greetings, morning, afternoon, evening, good, thanks, thank, thank you, thx, ty, bot, faqbot, there, you, all, everyone, guys, folks, yall, anyone, start, help, menu, commands, info, topics, gm, hii, hiii, heyy, heyyy, wassup, whats up, ok, okay, cool, nice, lol")

	l.define("selfnow", "i feel, im feeling, i am feeling, feel like im, my heart, my chest, my lips, my breathing, my pupils, my head is, my body, my arms, my legs, my hands, i cant feel, i cant breathe, i cant stop, i cant stand, i cant keep, i took, i just took, i used, i did, i drank, i swallowed, im so, im really, i keep, i think i took, i think im")
	l.define("care", "take care of each other, take care of yourselves, take care of urselves, take care of yourself, take care of your sister, take care of your brother, take care of your mom, take care of your dad, take care of my, look after my, look out for my, take care of him for me, take care of her for me, for me when im gone, to have him, to have her, to take him, to take her, to look after him, to look after her, to have my dog, to have my cat, wasnt your fault, wasnt his fault, wasnt her fault, none of it was his fault, none of it was your fault, none of it was her fault, not your fault, not his fault, its not your fault, keep looking out for each other, look out for each other, take care of everyone")
	l.define("knowilove", "know i loved, know that i loved, know i love, know that i love, know how much i loved, know how much i love, know i was sorry, know im sorry, know i tried")
	l.define("nolater", "isnt going to be a later, isnt really going to be a later, wont be a later, there wont be a later, no later, wont be a tomorrow, there is no tomorrow, no tomorrow for me, wont be a next time, there wont be a next time")
	l.define("deservebetter", "deserves better, deserve better, deserves a better, deserve a better, deserves a mom who, deserves a dad who, deserves someone, better off with, would be better with, be better off with, happier without, happier with someone")
	l.define("backup", "just in case none of this works, in case none of this works, if this doesnt work, if nothing works, if none of this works, as a backup, backup plan, plan b, if it doesnt work out, in case it doesnt work, in case things dont work out, just in case")
	l.define("easy", "how easy it would be, how easy it would be to, it would be so easy, would be so easy to, would be easy to, so easy to just")
	l.define("lookup", "figured out how much, figured out how many, worked out how much, worked out how many, calculated how much, looked up how much, looked up how many, looking up how much, looking up how many, googling how much, googling how many, googled how much, googled how many, researching how much, researching how many, searching how much, searched how many")
	l.define("hopeless", "no more of anything, the only peace, only peace left, only peace, for what, whats it all for, what is it all for, dont know anymore, dont know how much longer, i give up, giving up, gave up on everything, cant take it, cant take it anymore, cant take this, i cant anymore, i just cant anymore, dont see a future, no future, no hope, hopeless, whats left for me, nothing left for me")

	l.define("tookpast", `took, taken, used, did, done, had, drank, swallowed, snorted, smoked, shot, shot up, injected, popped, dropped, ate,
		eaten, chewed, sniffed, railed, did a line, did a bump, doubled up, double dosed, mixed, combined, chased, slammed, downed, chugged,
		just took, just used, just did, just had`)
	// Someone with the asker now ("my friend is passed out next to me"):
	// like the asker's own state, it keeps a general question in the same
	// sentence ("what do you reckon") from cancelling what is happening.
	l.define("othernow", "next to me, here with me, beside me, right here with me, on my couch, on my floor, on the floor next to me, in my bathroom, in my car with me")
	l.define("nowmarker", "{urgentnow}, tonight, an hour ago, this morning, today")
	l.define("infront", "in front of me, on the table, on my desk, in my hand, next to me, on the counter, on my nightstand, on the nightstand, right here, beside me, in my lap")
	l.define("undecided", "havent decided, havent decided anything, not decided yet, still deciding, deciding whether, trying to decide, cant decide")
	l.define("whatdo", "what should i do, what do i do, what should we do, what do we do, what to do, what would i do, what should you do, whats the right thing to do")

	l.define("takeme", "take me, call me home, bring me home, take me home, take me now, take me away, let me go, let me die, let me be with")
	l.define("godword", "lord, god, jesus, the good lord, the lord, good lord, him, he, heaven, the man upstairs, someone up there")
	l.define("whereigo", "where im going, where im off to, where im headed, where i am going, where im heading, where im gonna be, after this, when im gone, after im gone")
	l.define("whenplan", "figuring out when, working out when, just figuring out when, deciding when, choosing when, just need to pick, when the time comes, know what ill do, know what im going to do, know what im gonna do, the time is, reckon the time is, thats the day, thats when")
	l.define("posted", "posted, put up, shared, uploaded, sent, story, snap, status")
	l.define("pillpic", "pile of pills, bunch of pills, pic of pills, picture of pills, photo of pills, pics of pills, pills on her story, pills on his story, handful of pills, all her pills, all his pills")
	l.define("feelsomething", "just to feel something, to feel something, so i can feel something, to feel anything, just to feel anything, to make it stop hurting inside, to feel real")
	l.define("garage", "garage, carport, shed, closed garage")
	l.define("habitual", "makes me, make me, made me, gives me, give me, giving me, makes him, make him, makes her, make her, always, usually, every time, side effect, side effects")
	l.define("permanent", "the permanent one, permanent solution, permanent way out, only way out, the only exit, only exit, only option left, only way to make it stop, the only way left")
	l.define("disposal", "back to the, to the pharmacy, to the chemist, disposal, dispose, get rid, throw out, throw away, flush, take back, drop off, expired")
	// "Make it" as making something seem so ("trying to not make it sound
	// like a miracle"), not as surviving ("not make it").
	l.define("makeitso", "make it sound, make it look, make it seem, make it feel like, make it happen, make it weird, make it awkward, make it obvious, make it worse, make it about")
	l.define("fearfor", "thinks hes going to die, thinks shes going to die, thinks he will die, thinks she will die, afraid hes going to die, afraid shes going to die, scared hes going to die, scared shes going to die, worried hes going to die, worried shes going to die, wanted to die, wished i was dead, thought about dying, thought about ending it, wants me dead, want me dead, wanted me dead, rather die than, sooner die than, would die for")
	l.define("machine", "bot, the bot, app, the app, server, website, site, discord, computer, laptop, game, page, phone, screen")
	// The verbs of a decision about a medicine, without the everyday verbs
	// of medverb ("do", "get", "have", "use", "try", "keep") that general
	// questions ask with too ("what would she do").
	l.define("decisionverb", `start, starting, stop, stopping, quit, quitting, switch, switching, change, changing, swap, swapping, combine,
		combining, mix, mixing, take, taking, taper, tapering, wean, weaning, skip, skipping, double, doubling, increase, increasing,
		decrease, decreasing, lower, lowering, raise, raising, cut down, cut back, drop, dropping, go up, go down, go off, going off,
		come off, coming off, get off, getting off, get on, getting on, go on, going on, be on, stay on, staying on, drink, drinking,
		smoke, smoking, give, giving, split, splitting, restart, restarting, ditch, ditching, replace, replacing, add, adding,
		keep taking, continue, continuing, double up, catch up, start taking, stop taking, go from, switch to, switch from, move to,
		move from, put him on, put her on, put me on, cold turkey, breastfeed, breastfeeding, inject, snort, chew, redose, move it, shift it, time it`)
	l.define("medobject", "{medthing}, it, them, my, his, her, their, off, cold, dose, meds, this, that, one, both, half, more, less, tonight, today, tomorrow, now")
	// Asking what the bot would do in the asker's place.
	l.define("ifyou", "if you were me, if u were me, if you was me, if u was me, in my shoes, if it was you, if it were you, if it was u, if you were in my position, in my position")
	// Going for a treatment, and the treatments one goes for.
	l.define("tryverb", "do, try, get, go to, go for, sign up for, start, have")
	l.define("treatment", "ketamine, k, ket, treatment, treatments, infusion, infusions, clinic, spravato, esketamine, rehab, detox")
	l.define("botabout", "anything, stuff, things, questions, about, what, how, where, groups, meetings, support")
}
